#!/usr/bin/env bash
# The dependency rule as a test: the pure domain includes no IO library and never reads a clock;
# Beast, sqlite3.h, libpq and curl stay inside their named edge files.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
status=0
fail() { echo "check_layers: $*"; status=1; }

bad=$(grep -rnE '#include\s*[<"](boost/|sqlite3\.h|libpq-fe\.h|curl/|thread>|fstream>|mutex>|http/|app/|storage/|pages/|outbound/|cli/)' src/domain || true)
[[ -n $bad ]] && fail "src/domain must stay pure:"$'\n'"$bad"
bad=$(grep -rnE 'system_clock::now|steady_clock::now|random_device' src/domain || true)
[[ -n $bad ]] && fail "src/domain must receive time and randomness:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"]boost/(beast|asio)' src | grep -vE '^src/http/server\.cpp$' || true)
[[ -n $bad ]] && fail "Beast/Asio only in src/http/server.cpp:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"]sqlite3\.h' src | grep -v '^src/storage/sqlite/' || true)
[[ -n $bad ]] && fail "sqlite3.h only in src/storage/sqlite/:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"]libpq-fe\.h' src | grep -v '^src/storage/postgres/' || true)
[[ -n $bad ]] && fail "libpq-fe.h only in src/storage/postgres/:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"]curl/' src | grep -v '^src/outbound/http_client\.cpp$' || true)
[[ -n $bad ]] && fail "curl only in src/outbound/http_client.cpp:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](http|cli|storage/sqlite|storage/postgres)/' src/app || true)
[[ -n $bad ]] && fail "src/app sees only domain and storage/store.hpp:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](boost/|http/|app/|storage/|cli/|fstream>|thread>)' src/pages || true)
[[ -n $bad ]] && fail "src/pages renders pure view models; it includes only domain/ and pages/:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](boost/|http/|app/|storage/|cli/|pages/|reports/|outbound/|fstream>|thread>)' src/documents || true)
[[ -n $bad ]] && fail "src/documents renders pure view models; it includes only domain/, documents/, cairo and zint:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](http/|app/|storage/|cli/|pages/|documents/|outbound/|fstream>|thread>)' src/reports || true)
[[ -n $bad ]] && fail "src/reports renders pure domain models; it includes only domain/ and reports/:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"](cairo|zint)' src | grep -v '^src/documents/' || true)
[[ -n $bad ]] && fail "cairo and zint only in src/documents/:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"]outbound/' src/app src/domain src/storage src/pages || true)
[[ -n $bad ]] && fail "only cli/ wires outbound/ in:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](http|cli|app)/' src/storage || true)
[[ -n $bad ]] && fail "src/storage must not include app, http or cli:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](storage/sqlite|storage/postgres|outbound)/' src/http || true)
[[ -n $bad ]] && fail "src/http reaches storage and outbound only through app/:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"]cli/' src --include='*.?pp' | grep -v '^src/cli/' || true)
[[ -n $bad ]] && fail "nothing includes cli/:"$'\n'"$bad"
bad=$(grep -rlE '#include\s*[<"]boost/context' src | grep -v '^src/runtime/fiber\.cpp$' || true)
[[ -n $bad ]] && fail "Boost.Context only in src/runtime/fiber.cpp:"$'\n'"$bad"
bad=$(grep -rnE '#include\s*[<"](domain|http|app|storage|pages|documents|reports|outbound|cli)/' src/runtime || true)
[[ -n $bad ]] && fail "src/runtime includes no other folder of ours:"$'\n'"$bad"
[[ $status -eq 0 ]] && echo "check_layers: ok"
exit $status
