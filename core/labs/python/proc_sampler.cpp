#include "proc_sampler.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace looplab::labs::python {

namespace {

// Small files under /proc, read with one syscall and no allocation beyond `buf`.
ssize_t readSmall(const char* path, char* buf, size_t size)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const ssize_t n = ::read(fd, buf, size - 1);
    ::close(fd);
    if (n >= 0)
        buf[n] = '\0';
    return n;
}

template <typename Fn> void forEachNumericEntry(const char* dir, Fn&& fn)
{
    DIR* d = ::opendir(dir);
    if (!d)
        return;
    while (const dirent* e = ::readdir(d)) {
        char* end = nullptr;
        const long v = std::strtol(e->d_name, &end, 10);
        if (end != e->d_name && *end == '\0')
            fn(int(v));
    }
    ::closedir(d);
}

} // namespace

std::vector<int> processTree(int root)
{
    std::vector<int> out{root};
    char path[96];
    char buf[4096];
    for (size_t i = 0; i < out.size() && out.size() < 4096; ++i) {
        const int pid = out[i];
        std::snprintf(path, sizeof path, "/proc/%d/task", pid);
        forEachNumericEntry(path, [&](int tid) {
            char p[96];
            std::snprintf(p, sizeof p, "/proc/%d/task/%d/children", pid, tid);
            if (readSmall(p, buf, sizeof buf) <= 0)
                return;
            char* s = buf;
            while (*s) {
                char* end = nullptr;
                const long child = std::strtol(s, &end, 10);
                if (end == s)
                    break;
                out.push_back(int(child));
                s = end;
            }
        });
    }
    return out;
}

std::vector<ThreadSample> sampleThreads(const std::vector<int>& pids)
{
    std::vector<ThreadSample> out;
    char path[96];
    char buf[1024];
    for (int pid : pids) {
        std::snprintf(path, sizeof path, "/proc/%d/task", pid);
        forEachNumericEntry(path, [&](int tid) {
            ThreadSample t;
            t.pid = pid;
            t.tid = tid;
            char p[96];
            std::snprintf(p, sizeof p, "/proc/%d/task/%d/stat", pid, tid);
            if (readSmall(p, buf, sizeof buf) <= 0)
                return;
            // "TID (comm) S ...": comm may hold spaces and parentheses; the last ')' ends it.
            const char* open = std::strchr(buf, '(');
            const char* close = std::strrchr(buf, ')');
            if (!open || !close || close < open || close[1] == '\0' || close[2] == '\0')
                return;
            t.comm.assign(open + 1, close);
            t.state = close[2];
            std::snprintf(p, sizeof p, "/proc/%d/task/%d/schedstat", pid, tid);
            if (readSmall(p, buf, sizeof buf) > 0)
                t.cpuNs = std::strtoull(buf, nullptr, 10);
            out.push_back(std::move(t));
        });
    }
    return out;
}

MachineCpu machineCpu()
{
    char buf[512];
    MachineCpu m;
    if (readSmall("/proc/stat", buf, sizeof buf) <= 0 || std::strncmp(buf, "cpu ", 4) != 0)
        return m;
    // user nice system idle iowait irq softirq steal, in clock ticks
    unsigned long long v[8] = {};
    std::sscanf(
        buf + 4, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    const double nsPerTick = 1e9 / double(::sysconf(_SC_CLK_TCK));
    unsigned long long total = 0;
    for (auto x : v)
        total += x;
    const unsigned long long idle = v[3] + v[4];
    m.totalNs = uint64_t(double(total) * nsPerTick);
    m.busyNs = uint64_t(double(total - idle) * nsPerTick);
    return m;
}

int onlineCores()
{
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? int(n) : 1;
}

} // namespace looplab::labs::python
