"""A FastAPI service with a rate limit, served by uvicorn (Debian's python3-fastapi/-uvicorn).

GET /items/{id}: an async handler that "queries a database" (await asyncio.sleep(5 ms)).
A token bucket admits RATE requests per second; the rest get 429 Too Many Requests.
Point LoopLab's api lab (`target`) at it, or curl http://127.0.0.1:PORT/items/1.
Usage: fastapi_service.py [PORT] [RATE]
"""
import asyncio
import sys
import time

import uvicorn
from fastapi import FastAPI, HTTPException

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
RATE = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0

app = FastAPI()
bucket = {"tokens": RATE, "at": time.monotonic()}


def admit():
    """Token bucket: RATE tokens per second, at most RATE in the bucket."""
    now = time.monotonic()
    bucket["tokens"] = min(RATE, bucket["tokens"] + (now - bucket["at"]) * RATE)
    bucket["at"] = now
    if bucket["tokens"] < 1:
        return False
    bucket["tokens"] -= 1
    return True


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    if not admit():
        raise HTTPException(status_code=429, detail="rate limited")
    await asyncio.sleep(0.005)  # the database query: awaited, so the loop serves others
    return {"id": item_id, "name": f"item {item_id}"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
