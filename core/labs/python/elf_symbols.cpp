#include "elf_symbols.h"

#include <cstdio>
#include <cstring>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace looplab::labs::python {

namespace {

bool readAt(std::ifstream& f, uint64_t offset, void* out, size_t n)
{
    f.seekg(std::streamoff(offset));
    f.read(static_cast<char*>(out), std::streamsize(n));
    return bool(f);
}

} // namespace

std::optional<ElfSymbol> findDynamicSymbol(const std::string& path, const std::string& name, std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<ElfSymbol> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return fail("cannot read " + path);
    Elf64_Ehdr eh{};
    if (!readAt(f, 0, &eh, sizeof eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
        return fail(path + " is not an ELF file");
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(path + " is not a 64-bit little-endian ELF file");
    if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 || eh.e_shnum > 4096)
        return fail(path + " has no section headers");
    std::vector<Elf64_Shdr> sections(eh.e_shnum);
    if (!readAt(f, eh.e_shoff, sections.data(), sections.size() * sizeof(Elf64_Shdr)))
        return fail(path + ": truncated section headers");
    for (const auto& sh : sections) {
        if (sh.sh_type != SHT_DYNSYM || sh.sh_entsize != sizeof(Elf64_Sym) || sh.sh_link >= sections.size())
            continue;
        const auto& strtab = sections[sh.sh_link];
        if (strtab.sh_size > (64u << 20) || sh.sh_size > (64u << 20))
            return fail(path + ": implausible symbol table");
        std::vector<char> strings(strtab.sh_size + 1, '\0');
        std::vector<Elf64_Sym> symbols(sh.sh_size / sizeof(Elf64_Sym));
        if (!readAt(f, strtab.sh_offset, strings.data(), strtab.sh_size)
            || !readAt(f, sh.sh_offset, symbols.data(), symbols.size() * sizeof(Elf64_Sym)))
            return fail(path + ": truncated symbol table");
        for (const auto& s : symbols)
            if (s.st_name < strtab.sh_size && s.st_shndx != SHN_UNDEF && name == &strings[s.st_name])
                return ElfSymbol{s.st_value, eh.e_type == ET_DYN};
    }
    return fail(name + " is not exported by " + path);
}

std::optional<uint64_t> loadBase(int pid, const std::string& path)
{
    std::error_code ec;
    const auto target = std::filesystem::canonical(path, ec);
    if (ec)
        return std::nullopt;
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    while (std::getline(maps, line)) {
        // "55d0c0a00000-55d0c0a2e000 r--p 00000000 08:01 1234   /usr/bin/python3.11"
        std::istringstream in(line);
        std::string range, perms, offset, dev, inode, file;
        in >> range >> perms >> offset >> dev >> inode;
        std::getline(in >> std::ws, file);
        if (file == target.string() && std::stoull(offset, nullptr, 16) == 0)
            return std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    }
    return std::nullopt;
}

} // namespace looplab::labs::python
