#!/bin/bash
# Renders the site into the target directory.
set -eu
target="$1"
version="$2"
mkdir -p "$target/lib"
sed "s/@VERSION@/$version/" src/index.html > "$target/index.html"
cp src/app.js "$target/lib/app.js"
echo "built version $version into $target"
