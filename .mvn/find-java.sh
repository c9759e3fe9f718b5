# Sourced by ./mvnw and by the CLI's bin/isthmus: make JAVA_HOME a JDK 21 or newer, or explain what is missing.
# An explicit JAVA_HOME is respected (and refused if too old); without one, the `java` on PATH is used if it is
# new enough, else the newest JDK 21+ under /usr/lib/jvm, /opt or (macOS) /Library/Java/JavaVirtualMachines. Reads each JDK's `release` file, so it starts
# no JVM (bin/isthmus --version must stay fast).

isthmus_java_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null  || true
}

isthmus_select_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    found=$(isthmus_java_feature "$JAVA_HOME")
    if [ "${found:-0}" -ge 21 ]; then return 0; fi
    echo "Isthmus needs a JDK 21 or newer, but JAVA_HOME=$JAVA_HOME is Java ${found:-of unknown version}." >&2
    echo "Point JAVA_HOME at a JDK 21+ (or unset it to let Isthmus look for one)." >&2
    return 1
  fi
  on_path=""
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    found=$(isthmus_java_feature "$on_path")
    if [ "${found:-0}" -ge 21 ]; then export JAVA_HOME="$on_path"; return 0; fi
  fi
  best="" best_version=0 noglob=""
  case $- in *f*) noglob=1; set +f ;; esac   # mvnw runs with globbing off
  for jdk in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    version=$(isthmus_java_feature "$jdk")
    if [ "${version:-0}" -ge 21 ] && [ "$version" -gt "$best_version" ]; then best="$jdk" best_version="$version"; fi
  done
  [ -z "$noglob" ] || set -f
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "Isthmus needs a JDK 21 or newer; the java on PATH is ${on_path:-missing}${found:+ (Java $found)}." >&2
  echo "Install one (Debian: apt-get install openjdk-21-jdk-headless, or any Temurin 21+) and set JAVA_HOME." >&2
  return 1
}
