#!/usr/bin/env bash
# Style as a test: every C++ file of the repository is as clang-format (.clang-format) writes it.
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
mapfile -t files < <(find src tests bench -name '*.cpp' -o -name '*.hpp' | sort)
if clang-format --dry-run -Werror "${files[@]}"; then
  echo "check_format: ok (${#files[@]} files)"
else
  echo "check_format: the files above differ from clang-format's layout"
  exit 1
fi
