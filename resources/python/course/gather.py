"""The course's first coroutine demo: asyncio.gather() runs two say_after() coroutines at once.

Expected: 开始 → world → hello → 结束, in about 2 s (not 3): both coroutines wait together on one
thread. The two tasks are named "hello" and "world" so LoopLab's task lanes can show them.
"""
import asyncio
import time


async def say_after(delay, what):
    await asyncio.sleep(delay)  # non-blocking: the loop runs other coroutines meanwhile
    print(what, flush=True)


async def main():
    print("开始", flush=True)
    # gather() wraps each coroutine in a Task; create_task(name=...) does the same with a name.
    await asyncio.gather(
        asyncio.create_task(say_after(2, "hello"), name="hello"),
        asyncio.create_task(say_after(1, "world"), name="world"),
    )
    print("结束", flush=True)


if __name__ == "__main__":
    start = time.time()
    asyncio.run(main())  # creates an event loop and runs main() on it
    print(f"耗时: {time.time() - start:.2f} 秒")
