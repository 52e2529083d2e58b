"""The classic mistake: time.sleep() inside async def blocks the whole event loop.

The ticker should print every 100 ms, but while blocker() sleeps (0.5 s by default) nothing else
runs: one slow callback, and the loop's lag reaches the length of the sleep.
Usage: blocking_sleep.py [SECONDS]
"""
import asyncio
import sys
import time


async def ticker(n):
    for _ in range(n):
        print("tick", flush=True)
        await asyncio.sleep(0.1)


async def blocker(seconds):
    await asyncio.sleep(0.3)
    time.sleep(seconds)  # wrong: blocks the loop; `await asyncio.sleep(seconds)` would not
    print(f"blocked the loop for {seconds} s", flush=True)


async def main(seconds):
    await asyncio.gather(ticker(12), blocker(seconds))


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.5))
