#pragma once
// The address of an exported symbol in a running ELF executable: the value from the file's
// dynamic symbol table (.dynsym), plus the load base from /proc/PID/maps when the file is
// position-independent (ET_DYN). Debian's python3.11 is ET_EXEC: the value is the address.
#include <cstdint>
#include <optional>
#include <string>

namespace looplab::labs::python {

struct ElfSymbol {
    uint64_t value = 0;
    bool positionIndependent = false; // ET_DYN: add the load base
};

// The symbol's value in the dynamic symbol table of `path`; `error` says why not.
std::optional<ElfSymbol> findDynamicSymbol(const std::string& path, const std::string& name, std::string* error);

// The address where `path` (resolved through symlinks) is mapped in `pid` at file offset 0.
std::optional<uint64_t> loadBase(int pid, const std::string& path);

} // namespace looplab::labs::python
