"""LoopLab's probe: watch a real Python program's event loop, threads, executors and queues.

Run a script under it with ``python3 -m looplab_probe script.py args...``. LoopLab starts it that
way with ``LOOPLAB_PROBE_FD`` naming an inherited SOCK_SEQPACKET socket; the probe sends compact
binary records there (see ``RECORD`` below) and never blocks the script: a batch that does not
fit in the socket's buffer is dropped and counted, like LoopLab's own event rings.

Pure Python, standard library only, for CPython 3.11 and later. Timestamps are
``time.monotonic_ns()``: CLOCK_MONOTONIC, the clock LoopLab's steady clock reads, so no
conversion is needed on either side.
"""

import os
import struct
import sys
import threading
import time

# One record: u16 type, u16 payload length, u32 id, i64 t, i64 a, i64 b, then `length` bytes of
# UTF-8 payload (a name). Little-endian, 32 bytes before the payload. core/labs/python/
# probe_records.h is the reader; keep the two in step.
RECORD = struct.Struct("<HHIqqq")

HELLO = 1  # id=pid t=just before the script runs a=0 (reserved) b=sys.hexversion, payload version
ITER = 2  # asyncio loop iteration: t=start id=handles run a=ns blocked in select b=timers
CALLBACK = 3  # t=start a=end b=owning task id (0: none)
TASK_NEW = 4  # id=task t, payload=name (the default "Task-N"; TASK_NAME follows a rename)
TASK_DONE = 5  # id=task t a=0 done / 1 cancelled / 2 raised, payload=name
LAG = 6  # t a=lag ns of the 10 ms heartbeat (LoopLab's definition)
SLOW = 7  # t=end a=duration ns b=task id: a callback longer than loop.slow_callback_duration
THREAD_START = 8  # id=native thread id, payload=Python name
THREAD_END = 9  # id=native thread id
SUBMIT = 10  # id=future a=0 thread pool / 1 process pool b=submitting task id, payload=function
WORK_START = 11  # id=future a=native thread id of the worker
WORK_END = 12  # id=future a=native thread id
FUTURE_DONE = 13  # id=future
QUEUE = 14  # id=queue a=depth b=0 queue.Queue / 1 asyncio.Queue, payload=name (first record only)
DROPPED = 15  # a=records dropped so far
EXIT = 16  # a=exit code
TASK_NAME = 17  # id=task t, payload=the name create_task(name=...) / set_name() gave it
QUEUE_WAIT = 18  # id=queue t=end a=0 put waited (full) / 1 get waited (empty) b=ns waited

HEARTBEAT_NS = 10_000_000
BATCH_BYTES = 60_000
FLUSH_EVERY_NS = 20_000_000

_now = time.monotonic_ns
_pack = RECORD.pack


class _Sink:
    """Records are appended to a bytearray (under the GIL) and sent in batches: when the batch
    is large or older than FLUSH_EVERY_NS, checked as records arrive (an asyncio program's 10 ms
    heartbeat keeps that going), and at exit. No thread of its own: a flusher thread would take
    the GIL 50 times a second and show up in the very GIL lane LoopLab reads."""

    def __init__(self):
        self.buf = bytearray()
        self.count = 0
        self.sent = 0
        self.dropped = 0
        self.sock = None
        self.enabled = True
        self.flushed_at = _now()
        fd = os.environ.get("LOOPLAB_PROBE_FD")
        if fd:
            import socket

            try:
                self.sock = socket.socket(fileno=int(fd))
                self.sock.setblocking(False)
                os.set_inheritable(self.sock.fileno(), False)  # not into programs it execs
            except (OSError, ValueError):
                self.sock = None
        # The child does not pass the fd on to its own children (workers, subprocesses).
        os.environ.pop("LOOPLAB_PROBE_FD", None)

    def emit(self, kind, ident=0, t=0, a=0, b=0, name=None):
        if not self.enabled:
            return
        if name is None:
            self.buf += _pack(kind, 0, ident, t, a, b)
        else:
            data = name.encode("utf-8", "replace")[:512]
            self.buf += _pack(kind, len(data), ident, t, a, b)
            self.buf += data
        self.count += 1
        if t - self.flushed_at > FLUSH_EVERY_NS or len(self.buf) > BATCH_BYTES:
            self.flush()

    def flush(self):
        self.flushed_at = _now()
        buf, count = self.buf, self.count
        if not buf:
            return
        self.buf = bytearray()
        self.count = 0
        if self.sock is None:
            return
        try:
            # A copy goes out, never the batch itself: send() lets go of the GIL while it holds the
            # buffer, and another thread may be half-way through `self.buf += record` on that very
            # bytearray (it read self.buf before the swap above); resizing an exported bytearray
            # raises BufferError in that thread, which ended whole programs (faiss_search.py's
            # to_thread workers, 1 run in 4 on a loaded 2-core machine).
            self.sock.send(bytes(buf))
            self.sent += count
        except BlockingIOError:
            self.dropped += count
            self.buf += _pack(DROPPED, 0, 0, _now(), self.dropped, 0)
            self.count += 1
        except OSError:
            self.sock = None  # LoopLab went away: keep running, record nothing more


_sink = _Sink()
emit = _sink.emit

_ids = {"task": 0, "future": 0, "queue": 0}


def _next(kind):
    _ids[kind] += 1
    return _ids[kind]


# ---- asyncio --------------------------------------------------------------------------------

_task_ids = {}  # id(task) -> probe id, while the task is alive
_callbacks_run = [0]


def _current_task_id():
    try:
        import asyncio

        loop = asyncio.events._get_running_loop()
        if loop is None:
            return 0
        task = asyncio.tasks.current_task(loop)
        return _task_ids.get(id(task), 0) if task is not None else 0
    except Exception:
        return 0


def _install_asyncio():
    import asyncio
    from asyncio import base_events, events

    task_types = (asyncio.Task,)
    orig_run = events.Handle._run
    orig_run_once = base_events.BaseEventLoop._run_once
    orig_create_task = base_events.BaseEventLoop.create_task
    counter = _callbacks_run

    def _run(self):
        cb = self._callback
        owner = getattr(cb, "__self__", None)
        t0 = _now()
        try:
            return orig_run(self)
        finally:
            t1 = _now()
            counter[0] += 1
            tid = 0
            if owner is not None and isinstance(owner, task_types):
                tid = _task_ids.get(id(owner), 0)
                if tid and owner.done():
                    del _task_ids[id(owner)]
                    status = 1 if owner.cancelled() else (2 if owner.exception() is not None else 0)
                    emit(TASK_DONE, tid, t1, status, 0, owner.get_name())
            emit(CALLBACK, 0, t0, t1, tid)
            loop = self._loop
            if loop is not None and t1 - t0 > loop.slow_callback_duration * 1e9:
                emit(SLOW, 0, t1, t1 - t0, tid)

    def _heartbeat(loop, due):
        now = _now()
        emit(LAG, 0, now, max(0, now - due), 0)
        loop.call_later(HEARTBEAT_NS / 1e9, _heartbeat, loop, now + HEARTBEAT_NS)

    def _watch(loop):
        state = [0]
        loop._looplab_state = state
        sel = loop._selector if hasattr(loop, "_selector") else None
        if sel is not None:
            orig_select = sel.select

            def select(timeout=None):
                t = _now()
                try:
                    return orig_select(timeout)
                finally:
                    state[0] = _now() - t

            sel.select = select
        loop.call_later(HEARTBEAT_NS / 1e9, _heartbeat, loop, _now() + HEARTBEAT_NS)
        return state

    def _run_once(self):
        try:
            state = self._looplab_state
        except AttributeError:
            state = _watch(self)
        t0 = _now()
        before = counter[0]
        timers = len(self._scheduled)
        state[0] = 0
        try:
            return orig_run_once(self)
        finally:
            emit(ITER, counter[0] - before, t0, state[0], timers)

    def create_task(self, coro, *args, **kwargs):
        task = orig_create_task(self, coro, *args, **kwargs)
        tid = _next("task")
        _task_ids[id(task)] = tid
        emit(TASK_NEW, tid, _now(), 0, 0, task.get_name())
        return task

    from asyncio import tasks

    # 3.11 names a task after creating it (create_task(name=...)); later versions pass the name
    # to the constructor, so TASK_NEW already has it.
    orig_set_name = getattr(tasks, "_set_task_name", None)

    def _set_task_name(task, name):
        orig_set_name(task, name)
        tid = _task_ids.get(id(task), 0)
        if tid and name is not None:
            emit(TASK_NAME, tid, _now(), 0, 0, task.get_name())

    if orig_set_name is not None:
        tasks._set_task_name = _set_task_name
    events.Handle._run = _run
    base_events.BaseEventLoop._run_once = _run_once
    base_events.BaseEventLoop.create_task = create_task

    # asyncio.Queue depth, on every change.
    from asyncio import queues

    _hook_queue(queues.Queue, 1)


# ---- threads, executors, queues -------------------------------------------------------------


def _install_threads():
    orig_bootstrap = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        tid = threading.get_native_id()
        emit(THREAD_START, tid, _now(), 0, 0, self.name)
        _sink.flush()  # rare, and LoopLab names the thread's lane by it
        try:
            return orig_bootstrap(self)
        finally:
            emit(THREAD_END, tid, _now())

    threading.Thread._bootstrap_inner = _bootstrap_inner

    import concurrent.futures.process as cf_process
    import concurrent.futures.thread as cf_thread

    orig_item_init = cf_thread._WorkItem.__init__
    orig_item_run = cf_thread._WorkItem.run

    def item_init(self, future, *args, **kwargs):
        orig_item_init(self, future, *args, **kwargs)
        future._looplab_id = _next("future")

    def item_run(self):
        fid = getattr(self.future, "_looplab_id", 0)
        tid = threading.get_native_id()
        emit(WORK_START, fid, _now(), tid)
        try:
            return orig_item_run(self)
        finally:
            emit(WORK_END, fid, _now(), tid)

    cf_thread._WorkItem.__init__ = item_init
    cf_thread._WorkItem.run = item_run

    def wrap_submit(cls, kind):
        orig = cls.submit

        def submit(self, fn, /, *args, **kwargs):
            t = _now()  # before: a worker may start the call before submit() returns
            future = orig(self, fn, *args, **kwargs)
            fid = getattr(future, "_looplab_id", 0)
            if not fid:
                fid = future._looplab_id = _next("future")
            emit(SUBMIT, fid, t, kind, _current_task_id(), _function_name(fn))
            future.add_done_callback(lambda f, fid=fid: emit(FUTURE_DONE, fid, _now()))
            return future

        cls.submit = submit

    wrap_submit(cf_thread.ThreadPoolExecutor, 0)
    wrap_submit(cf_process.ProcessPoolExecutor, 1)

    import queue

    _hook_queue(queue.Queue, 0)


def _function_name(fn):
    """The user's function behind to_thread()'s partial(context.run, func, ...) wrappers."""
    import functools

    for _ in range(4):
        if not isinstance(fn, functools.partial):
            break
        if getattr(fn.func, "__name__", "") == "run" and fn.args:
            fn = fn.args[0]
        else:
            fn = fn.func
    return getattr(fn, "__qualname__", None) or type(fn).__name__


def _hook_queue(cls, kind):
    orig_put, orig_get = cls._put, cls._get
    # Called with queue.Queue's mutex held: its qsize() would take the mutex again.
    size = cls._qsize if kind == 0 else cls.qsize

    def queue_id(q):
        qid = getattr(q, "_looplab_id", 0)
        if not qid:
            qid = q._looplab_id = _next("queue")
            emit(QUEUE, qid, _now(), size(q), kind, type(q).__name__)
        return qid

    def report(q):
        qid = getattr(q, "_looplab_id", 0)
        if not qid:
            queue_id(q)
        else:
            emit(QUEUE, qid, _now(), size(q), kind)

    def _put(self, item):
        orig_put(self, item)
        report(self)

    def _get(self):
        item = orig_get(self)
        report(self)
        return item

    cls._put, cls._get = _put, _get
    (_hook_thread_waits if kind == 0 else _hook_async_waits)(cls, queue_id)


class _WaitCondition(threading.Condition):
    """queue.Queue's not_full / not_empty: a put or get that reaches wait() is one that blocked
    (the queue was full / empty under its mutex, so this is exact even with many threads)."""

    _waited = threading.local()

    def wait(self, timeout=None):
        _WaitCondition._waited.flag = True
        return super().wait(timeout)


def _hook_thread_waits(cls, queue_id):
    orig_init, orig_put, orig_get = cls.__init__, cls.put, cls.get
    waited = _WaitCondition._waited

    def __init__(self, *args, **kwargs):
        orig_init(self, *args, **kwargs)
        self.not_empty = _WaitCondition(self.mutex)
        self.not_full = _WaitCondition(self.mutex)

    def measured(orig, which):
        def op(self, *args, **kwargs):
            waited.flag = False
            t0 = _now()
            try:
                return orig(self, *args, **kwargs)
            finally:
                if waited.flag:
                    t1 = _now()
                    emit(QUEUE_WAIT, queue_id(self), t1, which, t1 - t0)

        return op

    cls.__init__ = __init__
    cls.put = measured(orig_put, 0)
    cls.get = measured(orig_get, 1)


def _hook_async_waits(cls, queue_id):
    orig_put, orig_get = cls.put, cls.get

    # One thread runs the loop: a queue full (empty) when put (get) starts is one it waits on,
    # nothing can change it between this check and the method's own.
    async def put(self, item):
        if not self.full():
            return await orig_put(self, item)
        t0 = _now()
        try:
            return await orig_put(self, item)
        finally:
            t1 = _now()
            emit(QUEUE_WAIT, queue_id(self), t1, 0, t1 - t0)

    async def get(self):
        if not self.empty():
            return await orig_get(self)
        t0 = _now()
        try:
            return await orig_get(self)
        finally:
            t1 = _now()
            emit(QUEUE_WAIT, queue_id(self), t1, 1, t1 - t0)

    cls.put, cls.get = put, get


# ---- lifetime -------------------------------------------------------------------------------


def _in_child():
    # A forked worker (ProcessPoolExecutor, multiprocessing) shares the socket: it stays silent,
    # LoopLab sees it from /proc as a process lane.
    _sink.enabled = False
    _sink.buf = bytearray()
    _sink.sock = None


def install():
    _install_threads()
    _install_asyncio()
    os.register_at_fork(after_in_child=_in_child)
    emit(HELLO, os.getpid(), _now(), 0, sys.hexversion, sys.version.split()[0])
    main = threading.main_thread()
    emit(THREAD_START, threading.get_native_id(), _now(), 0, 0, main.name)
    _sink.flush()


def finish(code):
    emit(EXIT, 0, _now(), code)
    _sink.flush()
