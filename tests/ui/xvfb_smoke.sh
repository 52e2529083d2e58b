#!/usr/bin/env bash
# Real-window smoke test: start Xvfb on a free display, run the looplab window on a scenario for
# 3 s, grab the screen with a tool outside the app (ImageMagick `import`, else xwd),
# require a picture that is not blank, close the window (xdotool's Ctrl+Q when installed, else
# SIGTERM, which the window handles like a close) and require a clean exit (status 0).
# Usage: xvfb_smoke.sh LOOPLAB SCENARIO [WORKDIR]
set -u
LOOPLAB=${1:?looplab binary}
SCENARIO=${2:?scenario file}
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
fail() { echo "xvfb_smoke: FAIL: $*" >&2; exit 1; }

command -v Xvfb >/dev/null || fail "Xvfb is not installed (Debian: xvfb)"
command -v identify >/dev/null || fail "ImageMagick is not installed (Debian: imagemagick)"

# A free display: no lock file and no socket.
DISPLAY_NUM=""
for n in $(seq 91 160); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISPLAY_NUM=$n; break; fi
done
[ -n "$DISPLAY_NUM" ] || fail "no free X display"

Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp -noreset >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill -KILL "$APP_PID" 2>/dev/null
  kill "$XVFB_PID" 2>/dev/null
  wait "$XVFB_PID" 2>/dev/null
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break
  sleep 0.05
done
[ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] || fail "Xvfb did not start: $(cat "$WORK/xvfb.log")"
export DISPLAY=":$DISPLAY_NUM"
export QT_QPA_PLATFORM=xcb
# Own settings: a test must not read or write the user's window layout.
export XDG_CONFIG_HOME="$WORK/config"

"$LOOPLAB" "$SCENARIO" >"$WORK/looplab.log" 2>&1 &
APP_PID=$!
sleep 3
kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/looplab.log" >&2; fail "looplab exited early"; }

SHOT="$WORK/screen.png"
if command -v import >/dev/null; then
  import -window root "$SHOT" 2>>"$WORK/grab.log" || fail "import failed: $(cat "$WORK/grab.log")"
else
  SHOT="$WORK/screen.xwd"
  xwd -root -silent -out "$SHOT" || fail "xwd failed"
fi
# Standard deviation of the grey levels, 0..1: a blank or single-colour screen is ~0.
STDDEV=$(identify -colorspace Gray -format '%[fx:standard_deviation]' "$SHOT")
COLOURS=$(identify -format '%k' "$SHOT")
echo "xvfb_smoke: screen grey stddev=$STDDEV, colours=$COLOURS"
awk -v s="$STDDEV" 'BEGIN { exit !(s > 0.05) }' || fail "the screen looks blank (stddev $STDDEV)"
[ "$COLOURS" -gt 64 ] || fail "the screen has only $COLOURS colours"

# Close the window like a user; fall back to SIGTERM.
HOW=SIGTERM
if command -v xdotool >/dev/null; then
  WIN=$(xdotool search --sync --onlyvisible --pid "$APP_PID" 2>/dev/null | head -1)
  if [ -n "$WIN" ]; then
    xdotool windowfocus --sync "$WIN" 2>/dev/null; xdotool key --clearmodifiers ctrl+q 2>/dev/null && HOW="Ctrl+Q (xdotool)"
  fi
fi
[ "$HOW" = SIGTERM ] && kill -TERM "$APP_PID"
for _ in $(seq 1 100); do
  kill -0 "$APP_PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$APP_PID" 2>/dev/null && [ "$HOW" != SIGTERM ]; then
  HOW="$HOW, then SIGTERM"
  kill -TERM "$APP_PID"
  for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
fi
kill -0 "$APP_PID" 2>/dev/null && fail "looplab did not exit within 10 s of $HOW"
wait "$APP_PID"
RC=$?
APP_PID=""
echo "xvfb_smoke: closed by $HOW, exit status $RC"
[ "$RC" -eq 0 ] || { tail -20 "$WORK/looplab.log" >&2; fail "exit status $RC"; }
if grep -E "QXcbConnection|Segmentation|ASSERT|QThread: Destroyed" "$WORK/looplab.log" >&2; then
  fail "looplab printed errors"
fi
echo "xvfb_smoke: ok ($SHOT)"
