#!/bin/sh
# Prints the home of a JDK whose feature version is at least $1 (default 21), or nothing.
# Looks at JAVA_HOME, then the java on PATH, then the system's JVM folders, newest first.
want=${1:-21}

feature_of() {
  # $1 = JDK home; prints the feature version of its java, or 0
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || { echo 0; return; }
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%.*}
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

candidates() {
  [ -n "${JAVA_HOME-}" ] && echo "$JAVA_HOME"
  j=$(command -v java 2>/dev/null) && j=$(readlink -f "$j") && echo "${j%/bin/java}"
  for d in /usr/lib/jvm /usr/java /opt/java /Library/Java/JavaVirtualMachines; do
    [ -d "$d" ] || continue
    for h in "$d"/*; do
      [ -d "$h/Contents/Home" ] && h="$h/Contents/Home"
      [ -d "$h" ] && echo "$h"
    done
  done
}

best=; best_v=0
for h in $(candidates); do
  v=$(feature_of "$h")
  if [ "$v" -ge "$want" ] && [ "$v" -gt "$best_v" ]; then best=$h; best_v=$v; fi
  # JAVA_HOME wins when it is good enough
  if [ -n "${JAVA_HOME-}" ] && [ "$h" = "$JAVA_HOME" ] && [ "$v" -ge "$want" ]; then echo "$h"; exit 0; fi
done
[ -n "$best" ] && echo "$best"
exit 0
