#!/usr/bin/env bash
# Quick start, part one: install dependencies, build, register a demo merchant (once) and start
# `faktura serve` on the embedded SQLite database. Idempotent: a second run reuses the build, the
# database and the demo merchant's token.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAKTURA_BUILD_TESTS=OFF \
      -DFAKTURA_BUILD_BENCH=OFF >/dev/null
cmake --build build-release --target faktura -j"$(nproc)"

faktura=build-release/src/cli/faktura
listen=${FAKTURA_LISTEN:-127.0.0.1:8080}
database=${FAKTURA_DATABASE:-sqlite:./var/faktura.db}
mkdir -p var
demo=var/demo-merchant.txt
if [[ ! -s $demo ]]; then
  # The token is printed once by `merchant add` and stored only hashed; keep it for the demo.
  umask 077
  "$faktura" merchant add --name "Demo Shop" --database "$database" >"$demo.tmp"
  mv "$demo.tmp" "$demo"
fi
payee_id=$(sed -n 's/^payeeId: //p' "$demo")
token=$(sed -n 's/^token: //p' "$demo")
base=${FAKTURA_PUBLIC_URL:-http://$listen}

cat <<INFO

Faktura demo merchant (saved in $demo):
  payeeId: $payee_id
  token:   $token

Create a first invoice payment:

curl -s -X POST $base/psp/invoice/payments \\
  -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' \\
  -d '{"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK",
       "prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"Demo purchase",
       "userAgent":"Mozilla/5.0","language":"sv-SE",
       "urls":{"hostUrls":["https://shop.example"],"completeUrl":"https://shop.example/complete",
               "cancelUrl":"https://shop.example/cancel"},
       "payeeInfo":{"payeeId":"$payee_id","payeeReference":"order'\$RANDOM'","payeeName":"Demo Shop"}},
       "invoice":{"invoiceType":"PayExFinancingSe"}}'

INFO
exec "$faktura" serve --listen "$listen" --database "$database" ${FAKTURA_PUBLIC_URL:+--public-url "$FAKTURA_PUBLIC_URL"}
