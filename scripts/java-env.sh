# Sourced by the other scripts: finds a JDK 21 or newer (Helidon 4 needs it; the machine's default java may be
# older) and Maven, and exports JAVA_HOME and PATH. It never downloads a JDK: it looks where JDKs are installed.

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

find_java_home() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME="$(find_java_home)"; then
    echo "No JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm). Install one, or set JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven is missing; installing it from Debian's packages" >&2
    apt-get update -qq && apt-get install -y -qq maven >/dev/null
fi

# DJL, under the local embedding model, must never phone home.
export OPT_OUT_TRACKING=true
export DJL_OFFLINE=true
