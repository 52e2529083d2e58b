// Preloaded into every process of the TSan gate (LD_PRELOAD, built by run_tsan.sh; compiled
// WITHOUT -fsanitize=thread, so its own atomics add no edges TSan could see).
//
// Qt and GLib are not built with ThreadSanitizer, so the synchronisation inside them is invisible
// and the data that synchronisation protects is reported as racing. Building Qt with TSan is the
// complete answer; this shim restores the three edges our code relies on, each exactly where Qt
// creates it, and hides no access and suppresses no report:
//
//  1. futex(2): Qt's QMutex/QSemaphore/QReadWriteLock and GLib's GMutex park threads with the
//     futex system call through libc's syscall(). Qt's own TSan support (QtTsan::futexRelease /
//     futexAcquire in qtsan_impl.h, used by qfutex_p.h) releases the futex word before every
//     futex call and acquires it after; the syscall() wrapper below does the same for the
//     uninstrumented binaries (they import syscall from libc, so the preloaded one is called).
//
//  2. QMetaObject::invokeMethod(context, functor, Qt::QueuedConnection): the functor (with its
//     captured copies) is built by the caller and run by the context's thread after a trip through
//     the receiver thread's posted-event list, guarded by a QMutex inside QtCore. The wrapper of
//     QMetaObject::invokeMethodImpl (called from our code, so interposable) releases on the slot
//     object and routes the slot object's impl function through a trampoline that acquires it
//     before the call.
//
//  3. Queued signal-slot connections made with connect(sender, &S::sig, receiver, functor/PMF):
//     QObject::connectImpl (called from our code) gets the same trampoline on the connection's
//     slot object, which acquires on the sender; QMetaObject::activate (what moc's signal bodies
//     call) releases on the sender before the emission is delivered.
//
//  4. QThread::wait(): Qt's threads are detached, and QThread::wait() returns at once, through a
//     QMutex inside QtCore, when the thread has already finished — no edge from the thread's last
//     writes to the waiter. The pthread_create wrapper releases on the start routine's argument
//     (for QThreadPrivate::start: the QThread) when the routine returns, and the QThread::wait
//     wrapper acquires on the QThread when the wait succeeds. (A waiter that sees the thread
//     finished in the few instructions between Qt's finish() and the routine's return still
//     misses the edge; TSan then reports a race whose other side is that QThread's run().)
//
//  5. Work handed to a QThreadPool whose threads are all busy waits in the pool's queue, guarded by
//     a QMutex inside QtCore, and a busy thread takes it from there. QThreadPool::start(
//     std::function) (called from our code) wraps the function in one that acquires what the
//     caller released. QtConcurrent::run() tasks: their start (inline in our code) calls
//     QFutureInterfaceBase::reportStarted() just before QThreadPool::start(), and their run()
//     first calls isCanceled() on the same interface: the wrappers release and acquire there.
//
// The TSan entry points are weak: uninstrumented children (python3, wrk) that inherit LD_PRELOAD
// still start, and every wrapper then just forwards.
#include <linux/futex.h>
#include <sys/syscall.h>

#include <atomic>
#include <cstdint>
#include <dlfcn.h>
#include <errno.h>
#include <functional>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

extern "C" {
void __tsan_acquire(void* addr) __attribute__((weak));
void __tsan_release(void* addr) __attribute__((weak));
}

namespace {

bool tsanActive()
{
    return __tsan_acquire && __tsan_release;
}

// ---- 1. futex ---------------------------------------------------------------------------------
using SyscallFn = long (*)(long, ...);

SyscallFn realSyscall()
{
    static SyscallFn fn = reinterpret_cast<SyscallFn>(dlsym(RTLD_NEXT, "syscall"));
    return fn;
}

// ---- 2/3. slot objects --------------------------------------------------------------------------
// QtPrivate::QSlotObjectBase in Qt 6.4: { QAtomicInt m_ref; ImplFn m_impl; } — impl at offset 8.
using ImplFn = void (*)(int which, void* self, void* receiver, void** args, bool* ret);
struct SlotObjectLayout {
    int ref;
    ImplFn impl;
};
enum { Destroy = 0, Call = 1 };

// slot object -> (its own impl, the address to acquire on). Open addressing, lock-free: a lock
// here would itself be an edge TSan could see between unrelated threads.
struct Entry {
    std::atomic<void*> key{nullptr};
    ImplFn impl = nullptr;
    void* sync = nullptr; // acquired before each call
    void* after = nullptr; // released after each call (a blocking caller acquires it), or null
};
constexpr size_t kSlots = 1 << 16;
Entry g_table[kSlots];
void* const kTombstone = reinterpret_cast<void*>(1);

size_t hashOf(void* p)
{
    return (reinterpret_cast<uintptr_t>(p) >> 4) * 0x9E3779B97F4A7C15ull >> 48;
}

bool remember(void* slot, ImplFn impl, void* sync, void* after)
{
    for (size_t i = 0, h = hashOf(slot); i < kSlots; ++i) {
        Entry& e = g_table[(h + i) & (kSlots - 1)];
        void* k = e.key.load(std::memory_order_acquire);
        if (k == nullptr || k == kTombstone) {
            if (e.key.compare_exchange_strong(k, kTombstone, std::memory_order_acq_rel)) {
                e.impl = impl;
                e.sync = sync;
                e.after = after;
                e.key.store(slot, std::memory_order_release);
                return true;
            }
        }
    }
    return false; // table full: leave this slot object alone
}

Entry* find(void* slot)
{
    for (size_t i = 0, h = hashOf(slot); i < kSlots; ++i) {
        Entry& e = g_table[(h + i) & (kSlots - 1)];
        void* k = e.key.load(std::memory_order_acquire);
        if (k == slot)
            return &e;
        if (k == nullptr)
            return nullptr;
    }
    return nullptr;
}

void trampoline(int which, void* self, void* receiver, void** args, bool* ret)
{
    Entry* e = find(self);
    if (!e)
        return; // cannot happen: only remembered objects get the trampoline
    const ImplFn impl = e->impl;
    void* const after = e->after;
    if (which == Call)
        __tsan_acquire(e->sync);
    if (which == Destroy)
        e->key.store(kTombstone, std::memory_order_release); // impl deletes the object
    impl(which, self, receiver, args, ret);
    if (which == Call && after)
        __tsan_release(after);
}

void hook(void* slot, void* sync, void* after)
{
    auto* s = static_cast<SlotObjectLayout*>(slot);
    if (!s || s->impl == trampoline)
        return;
    if (remember(slot, s->impl, sync, after))
        s->impl = trampoline;
}

template <typename Fn> Fn next(const char* name)
{
    void* p = dlvsym(RTLD_NEXT, name, "Qt_6");
    if (!p)
        p = dlsym(RTLD_NEXT, name);
    return reinterpret_cast<Fn>(p);
}

} // namespace

extern "C" long syscall(long number, ...)
{
    va_list ap;
    va_start(ap, number);
    long a1 = va_arg(ap, long), a2 = va_arg(ap, long), a3 = va_arg(ap, long);
    long a4 = va_arg(ap, long), a5 = va_arg(ap, long), a6 = va_arg(ap, long);
    va_end(ap);

    if (number != SYS_futex || !tsanActive())
        return realSyscall()(number, a1, a2, a3, a4, a5, a6);

    void* addr = reinterpret_cast<void*>(a1);
    const int op = int(a2) & FUTEX_CMD_MASK;
    void* addr2 = (op == FUTEX_REQUEUE || op == FUTEX_CMP_REQUEUE || op == FUTEX_WAKE_OP || op == FUTEX_CMP_REQUEUE_PI)
        ? reinterpret_cast<void*>(a5)
        : nullptr;
    if (addr2)
        __tsan_release(addr2);
    __tsan_release(addr);
    const long result = realSyscall()(number, a1, a2, a3, a4, a5, a6);
    const int saved = errno; // callers read errno after a failed wait
    __tsan_acquire(addr);
    if (addr2)
        __tsan_acquire(addr2);
    errno = saved;
    return result;
}

// bool QMetaObject::invokeMethodImpl(QObject*, QtPrivate::QSlotObjectBase*, Qt::ConnectionType, void*)
extern "C" bool invokeMethodImplHook(void* object, void* slot, int type, void* ret) __asm__(
    "_ZN11QMetaObject16invokeMethodImplEP7QObjectPN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv");
bool invokeMethodImplHook(void* object, void* slot, int type, void* ret)
{
    using Fn = bool (*)(void*, void*, int, void*);
    static Fn real
        = next<Fn>("_ZN11QMetaObject16invokeMethodImplEP7QObjectPN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv");
    if (!tsanActive() || !slot)
        return real(object, slot, type, ret);
    // Released after the call on the context object (it outlives the call; the slot object may
    // be gone by the time a Qt::BlockingQueuedConnection caller wakes up).
    hook(slot, slot, object);
    __tsan_release(slot);
    const bool ok = real(object, slot, type, ret);
    if ((type & 0xff) == 3 /* Qt::BlockingQueuedConnection */ && object)
        __tsan_acquire(object);
    return ok;
}

// QMetaObject::Connection QObject::connectImpl(const QObject* sender, void** signal,
//     const QObject* receiver, void** slotPtr, QtPrivate::QSlotObjectBase* slot,
//     Qt::ConnectionType type, const int* types, const QMetaObject* senderMetaObject)
// QMetaObject::Connection has a destructor, so it is returned through a hidden pointer passed as
// the first argument (and returned in rax): the wrapper takes it as `result`.
extern "C" void* connectImplHook(void* result, const void* sender, void** signal, const void* receiver, void** slotPtr,
    void* slot, int type, const int* types,
    const void* senderMeta) __asm__("_ZN7QObject11connectImplEPKS_PPvS1_S3_"
                                    "PN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPKiPK11QMetaObject");
void* connectImplHook(void* result, const void* sender, void** signal, const void* receiver, void** slotPtr, void* slot,
    int type, const int* types, const void* senderMeta)
{
    using Fn = void* (*)(void*, const void*, void**, const void*, void**, void*, int, const int*, const void*);
    static Fn real = next<Fn>(
        "_ZN7QObject11connectImplEPKS_PPvS1_S3_PN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPKiPK11QMetaObject");
    // Qt::DirectConnection calls run in the emitting thread: no hand-off to model (and acquiring
    // the sender there would wrongly order two threads that both emit its signals).
    if (tsanActive() && slot && sender && (type & 0xff) != 1 /* Qt::DirectConnection */)
        hook(slot, const_cast<void*>(sender), nullptr);
    return real(result, sender, signal, receiver, slotPtr, slot, type, types, senderMeta);
}

// void QMetaObject::activate(QObject* sender, const QMetaObject*, int local_signal_index, void** argv)
extern "C" void activateHook(void* sender, const void* meta, int index, void** argv) __asm__(
    "_ZN11QMetaObject8activateEP7QObjectPKS_iPPv");
void activateHook(void* sender, const void* meta, int index, void** argv)
{
    using Fn = void (*)(void*, const void*, int, void**);
    static Fn real = next<Fn>("_ZN11QMetaObject8activateEP7QObjectPKS_iPPv");
    if (tsanActive() && sender)
        __tsan_release(sender);
    real(sender, meta, index, argv);
}

// ---- 4. thread ends -----------------------------------------------------------------------------
namespace {
struct StartArgs {
    void* (*routine)(void*);
    void* arg;
};

void* startThunk(void* p)
{
    const StartArgs a = *static_cast<StartArgs*>(p);
    free(p);
    void* result = a.routine(a.arg);
    __tsan_release(a.arg);
    return result;
}
} // namespace

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*), void* arg)
{
    using Fn = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
    static Fn real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "pthread_create"));
    if (!tsanActive() || !arg)
        return real(thread, attr, routine, arg);
    auto* a = static_cast<StartArgs*>(malloc(sizeof(StartArgs)));
    if (!a)
        return real(thread, attr, routine, arg);
    a->routine = routine;
    a->arg = arg;
    const int rc = real(thread, attr, startThunk, a);
    if (rc != 0)
        free(a);
    return rc;
}

// bool QThread::wait(QDeadlineTimer) — QDeadlineTimer is 16 trivially copyable bytes: two registers.
struct DeadlineTimer {
    long long t1;
    unsigned t2;
    unsigned type;
};
extern "C" bool threadWaitHook(void* thread, DeadlineTimer deadline) __asm__("_ZN7QThread4waitE14QDeadlineTimer");
bool threadWaitHook(void* thread, DeadlineTimer deadline)
{
    using Fn = bool (*)(void*, DeadlineTimer);
    static Fn real = next<Fn>("_ZN7QThread4waitE14QDeadlineTimer");
    const bool done = real(thread, deadline);
    if (done && tsanActive())
        __tsan_acquire(thread);
    return done;
}

// ---- 5. thread pools -----------------------------------------------------------------------------
// void QThreadPool::start(std::function<void()>, int) — std::function is passed by invisible
// reference (a pointer to the caller's temporary).
extern "C" void poolStartFunctionHook(void* pool, std::function<void()>* fn, int priority) __asm__(
    "_ZN11QThreadPool5startESt8functionIFvvEEi");
void poolStartFunctionHook(void* pool, std::function<void()>* fn, int priority)
{
    using Fn = void (*)(void*, std::function<void()>*, int);
    static Fn real = next<Fn>("_ZN11QThreadPool5startESt8functionIFvvEEi");
    if (tsanActive() && fn && *fn) {
        auto* token = static_cast<char*>(malloc(1)); // a sync address of its own, freed after the run
        __tsan_release(token);
        std::function<void()> wrapped = [inner = std::move(*fn), token] {
            __tsan_acquire(token);
            free(token);
            inner();
        };
        *fn = std::move(wrapped);
    }
    real(pool, fn, priority);
}

// void QFutureInterfaceBase::reportStarted() / bool QFutureInterfaceBase::isCanceled() const
extern "C" void reportStartedHook(void* self) __asm__("_ZN20QFutureInterfaceBase13reportStartedEv");
void reportStartedHook(void* self)
{
    using Fn = void (*)(void*);
    static Fn real = next<Fn>("_ZN20QFutureInterfaceBase13reportStartedEv");
    if (tsanActive())
        __tsan_release(self);
    real(self);
}

extern "C" bool isCanceledHook(const void* self) __asm__("_ZNK20QFutureInterfaceBase10isCanceledEv");
bool isCanceledHook(const void* self)
{
    using Fn = bool (*)(const void*);
    static Fn real = next<Fn>("_ZNK20QFutureInterfaceBase10isCanceledEv");
    if (tsanActive())
        __tsan_acquire(const_cast<void*>(self));
    return real(self);
}
