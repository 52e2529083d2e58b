"""create_task() vs sequential awaits.

`sequential`: await say("A", 1) then await say("B", 2): 3 s, one after the other.
`tasks` (default): create_task() both first, then await them: 2 s, they wait together.
Usage: create_task.py [tasks|sequential]
"""
import asyncio
import sys
import time


async def say(name, delay):
    await asyncio.sleep(delay)
    print(f"Hello, {name}", flush=True)
    return f"{name}:完成"


async def main(mode):
    if mode == "sequential":
        print(await say("A", 1), flush=True)
        print(await say("B", 2), flush=True)
    else:
        a = asyncio.create_task(say("A", 1), name="A")  # scheduled now, runs at the next await
        b = asyncio.create_task(say("B", 2), name="B")
        print(await a, await b, flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "tasks"))
    print(f"耗时: {time.perf_counter() - start:.2f} 秒")
