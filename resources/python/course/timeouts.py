"""Timeouts and cancellation.

asyncio.wait_for() cancels a slow coroutine after its timeout (CancelledError inside it,
TimeoutError outside); task.cancel() stops another one explicitly.
"""
import asyncio
import time


async def slow(name, seconds):
    try:
        await asyncio.sleep(seconds)
        return name
    except asyncio.CancelledError:
        print(f"{name}: cancelled", flush=True)
        raise  # let the cancellation finish the task


async def main():
    try:
        await asyncio.wait_for(slow("slow-request", 5), timeout=0.5)
    except TimeoutError:
        print("wait_for: timed out after 0.5 s", flush=True)
    task = asyncio.create_task(slow("background", 5), name="background")
    await asyncio.sleep(0.3)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("task.cancel(): cancelled =", task.cancelled(), flush=True)
    print(await asyncio.wait_for(slow("fast-request", 0.1), timeout=1), "finished in time", flush=True)


if __name__ == "__main__":
    start = time.time()
    asyncio.run(main())
    print(f"耗时: {time.time() - start:.2f} 秒")
