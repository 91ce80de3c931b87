# Shared by the benchmark scripts (sourced, not run): checks for the tools
# they need, so each says what is missing and how to install it.

missing=0

# need COMMAND HINT: notes COMMAND as missing, with how to install it.
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "bench: $1 is not installed; install it with:" >&2
        echo "    $2" >&2
        missing=1
    fi
}

# need_common: GNU time, flock and cargo, which every benchmark uses.
need_common() {
    local time=${GNU_TIME:-/usr/bin/time}
    if [ ! -x "$time" ]; then
        echo "bench: GNU time ($time) is not installed; install it with:" >&2
        echo "    apt-get install -y time" >&2
        missing=1
    elif ! "$time" -f '%e %U %S %M' -o /dev/null true 2>/dev/null; then
        echo "bench: $time is not GNU time (it does not take -f and -o); install it with:" >&2
        echo "    apt-get install -y time" >&2
        missing=1
    fi
    need flock "apt-get install -y util-linux"
    need cargo "curl https://sh.rustup.rs -sSf | sh   (see https://rustup.rs)"
}
