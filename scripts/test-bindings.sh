#!/usr/bin/env bash
# Builds the Python and Java bindings with jsii-pacmak and uses each as a user would: test/bindings/python/smoke.py in
# a venv, test/bindings/java with Maven. Writes only to .cache/bindings/. Needs npm ci done, python3 (venv), java 17
# and mvn; reaches PyPI and Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20  # the jsii runtime prints the banner in Python and Java too
out="$PWD/.cache/bindings"
m2="$out/m2"  # Maven local repository for jsii-pacmak and the smoke project, kept between runs
export JSII_RUNTIME_PACKAGE_CACHE_ROOT="$out/jsii-package-cache"  # else the jsii runtime caches in ~/.cache/aws/jsii
started=$(date +%s)
step() { echo "=== $* ($(( $(date +%s) - started ))s)"; }
version() { node -p "require('$1/package.json').version"; }

if [ ! -f .jsii ] || [ -n "$(find src -newer .jsii -print -quit)" ]; then
  step "compile (.jsii missing or older than src/)"
  npx projen compile
fi
self=$(version .)
pacmak=$(version jsii-pacmak)
cdk8s=$(version cdk8s)
constructs=$(version constructs)
plus=$(version cdk8s-plus-28)
# cdk8s-istio is always version 0.0.0 here: drop what earlier runs built, or Maven would keep using its cached copy.
rm -rf "$out/dist/python" "$out/dist/java/dev" "$out/java-target" "$m2/dev/cdk8s-istio"

step "jsii-pacmak python"
npx jsii-pacmak --target python --outdir "$out/dist" .

# Java dependencies missing from the Maven repository are built from the jsii assemblies in node_modules, once
# (delete .cache/bindings to redo). The Maven Central these machines reach has org.cdk8s:cdk8s only up to 2.70.47
# and no org.cdk8s:cdk8s-plus-28.
step "jsii-pacmak java"
java_projects=(.)
for dep in cdk8s cdk8s-plus-28; do
  v=$(version "$dep")
  [ -d "$out/dist/java/org/cdk8s/$dep/$v" ] && continue
  if ! mvn -B -q -Dmaven.repo.local="$out/m2-probe" dependency:get -Dtransitive=false \
      -Dartifact="org.cdk8s:$dep:$v:pom" >/dev/null 2>&1; then
    echo "note: org.cdk8s:$dep:$v is not in the Maven repository: building its Java binding from node_modules/$dep"
    java_projects+=("node_modules/$dep")
  fi
done
npx jsii-pacmak --target java --outdir "$out/dist" --maven-local-repository "$m2" \
  --mvn-define maven.javadoc.skip=true "${java_projects[@]}"

step "python: venv, pip install, smoke.py"
[ -x "$out/venv/bin/python" ] || python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q "cdk8s==$cdk8s" "constructs==$constructs" "cdk8s-plus-28==$plus" "jsii==$pacmak"
"$out/venv/bin/pip" install -q --force-reinstall --no-deps "$out"/dist/python/*.whl
"$out/venv/bin/pip" check
"$out/venv/bin/python" test/bindings/python/smoke.py | tee "$out/python.log"

step "java: mvn compile exec:java"
# sed: Debian's Maven 3.8.7 prints colour codes even with -B -q.
mvn -B -q -f test/bindings/java/pom.xml -Dmaven.repo.local="$m2" -Dbindings.dir="$out" \
  -Dcdk8s-istio.version="$self" -Dcdk8s.version="$cdk8s" -Dconstructs.version="$constructs" \
  -Dcdk8s-plus-28.version="$plus" compile exec:java 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | tee "$out/java.log"

step "done"
total=$(awk '/^[a-z]+ bindings: [0-9]+ passed, 0 failed$/ { n += $3 } END { print n + 0 }' "$out"/{python,java}.log)
echo "bindings: $total passed, 0 failed"
