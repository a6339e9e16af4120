using System.Buffers.Binary;
using System.Text;

namespace UnityVideo.Core.Native;

/// <summary>
/// Minimal reader (and in-place patcher) for the symbol-versioning sections of a 64-bit little-endian ELF
/// shared object: <c>.gnu.version_r</c> (versions it needs) and <c>.gnu.version_d</c> (versions it defines).
/// Layouts follow the System V gABI and the LSB "Symbol Versioning" chapter.
/// </summary>
public sealed class ElfFile
{
    /// <summary><c>VER_FLG_WEAK</c>: a requirement the dynamic loader may leave unsatisfied.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint ShtDynamic = 6;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    private readonly byte[] bytes;

    private ElfFile(string path, byte[] bytes)
    {
        Path = path;
        this.bytes = bytes;
        (VersionNeeds, VersionDefinitions, NeededLibraries) = Parse();
    }

    /// <summary>Where the bytes were read from.</summary>
    public string Path { get; }

    /// <summary>Every <c>Vernaux</c> entry of <c>.gnu.version_r</c>, in file order.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; }

    /// <summary>Names of every version defined in <c>.gnu.version_d</c> (e.g. "GLIBCXX_3.4.30").</summary>
    public IReadOnlySet<string> VersionDefinitions { get; }

    /// <summary>The <c>DT_NEEDED</c> entries of the dynamic section (libraries it links against).</summary>
    public IReadOnlyList<string> NeededLibraries { get; }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="ElfFormatException">The file is not a 64-bit little-endian ELF with section headers.</exception>
    public static ElfFile Read(string path) => new(path, File.ReadAllBytes(path));

    /// <summary>
    /// Returns a copy of the file's bytes in which the named version requirements are marked weak
    /// (<see cref="VerFlagWeak"/>); everything else is byte-identical.
    /// </summary>
    /// <param name="versions">Version names to weaken; each must be required by the file.</param>
    public byte[] WithWeakVersions(IEnumerable<string> versions)
    {
        var patched = (byte[])bytes.Clone();
        foreach (var name in versions)
        {
            var entries = VersionNeeds.Where(n => n.Version == name).ToList();
            if (entries.Count == 0)
                throw new ArgumentException($"{Path} does not require version '{name}'.", nameof(versions));
            foreach (var e in entries)
                BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan((int)e.FlagsOffset), (ushort)(e.Flags | VerFlagWeak));
        }
        return patched;
    }

    private (IReadOnlyList<ElfVersionNeed>, IReadOnlySet<string>, IReadOnlyList<string>) Parse()
    {
        var span = bytes.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new ElfFormatException(Path, "bad magic");
        if (span[4] != 2) throw new ElfFormatException(Path, "not ELFCLASS64");
        if (span[5] != 1) throw new ElfFormatException(Path, "not little-endian");

        // ELF64 header: e_shoff @0x28 (8), e_shentsize @0x3A (2), e_shnum @0x3C (2).
        var shoff = (long)U64(0x28);
        int shentsize = U16(0x3A), shnum = U16(0x3C);
        if (shoff <= 0 || shnum == 0 || shentsize < 64 || shoff + (long)shnum * shentsize > span.Length)
            throw new ElfFormatException(Path, "no section header table");

        var sections = new List<(uint Type, long Offset, long Size, int Link, int Info)>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + (long)i * shentsize;
            // Elf64_Shdr: sh_name(4) sh_type(4) sh_flags(8) sh_addr(8) sh_offset(8) sh_size(8) sh_link(4) sh_info(4) ...
            sections.Add((U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), (int)U32(h + 40), (int)U32(h + 44)));
        }

        var needs = new List<ElfVersionNeed>();
        var defs = new HashSet<string>(StringComparer.Ordinal);
        var needed = new List<string>();
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerneed && s.Type != ShtGnuVerdef && s.Type != ShtDynamic) continue;
            if (s.Link < 0 || s.Link >= sections.Count) throw new ElfFormatException(Path, "version section links to no string table");
            var strtab = sections[s.Link];
            CheckRange(s.Offset, s.Size, "version section");
            CheckRange(strtab.Offset, strtab.Size, "string table");
            if (s.Type == ShtGnuVerneed) ReadNeeds(s.Offset, s.Info, strtab.Offset, strtab.Size, needs);
            else if (s.Type == ShtGnuVerdef) ReadDefinitions(s.Offset, s.Info, strtab.Offset, strtab.Size, defs);
            else ReadNeeded(s.Offset, s.Size, strtab.Offset, strtab.Size, needed);
        }
        return (needs, defs, needed);
    }

    private void ReadNeeds(long offset, int count, long strOff, long strSize, List<ElfVersionNeed> into)
    {
        // Elf64_Verneed: vn_version(2) vn_cnt(2) vn_file(4) vn_aux(4) vn_next(4)
        // Elf64_Vernaux: vna_hash(4) vna_flags(2) vna_other(2) vna_name(4) vna_next(4)
        var need = offset;
        for (var i = 0; i < count; i++)
        {
            CheckRange(need, 16, "Verneed entry");
            int cnt = U16(need + 2);
            var file = Str(strOff, strSize, U32(need + 4));
            var aux = need + U32(need + 8);
            for (var j = 0; j < cnt; j++)
            {
                CheckRange(aux, 16, "Vernaux entry");
                into.Add(new ElfVersionNeed(file, Str(strOff, strSize, U32(aux + 8)), U16(aux + 4), aux + 4));
                var nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            var next = U32(need + 12);
            if (next == 0) break;
            need += next;
        }
    }

    private void ReadNeeded(long offset, long size, long strOff, long strSize, List<string> into)
    {
        // Elf64_Dyn: d_tag(8) d_val(8); DT_NEEDED = 1, DT_NULL = 0 ends the table.
        for (var at = offset; at + 16 <= offset + size; at += 16)
        {
            var tag = U64(at);
            if (tag == 0) break;
            if (tag == 1) into.Add(Str(strOff, strSize, (uint)U64(at + 8)));
        }
    }

    private void ReadDefinitions(long offset, int count, long strOff, long strSize, HashSet<string> into)
    {
        // Elf64_Verdef: vd_version(2) vd_flags(2) vd_ndx(2) vd_cnt(2) vd_hash(4) vd_aux(4) vd_next(4)
        // Elf64_Verdaux: vda_name(4) vda_next(4); the first aux names the version itself.
        var def = offset;
        for (var i = 0; i < count; i++)
        {
            CheckRange(def, 20, "Verdef entry");
            if (U16(def + 6) > 0)
            {
                var aux = def + U32(def + 12);
                CheckRange(aux, 8, "Verdaux entry");
                into.Add(Str(strOff, strSize, U32(aux)));
            }
            var next = U32(def + 16);
            if (next == 0) break;
            def += next;
        }
    }

    private void CheckRange(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > bytes.Length)
            throw new ElfFormatException(Path, $"{what} lies outside the file");
    }

    private string Str(long strOff, long strSize, uint index)
    {
        if (index >= strSize) throw new ElfFormatException(Path, "string index outside the string table");
        var start = (int)(strOff + index);
        var end = Array.IndexOf(bytes, (byte)0, start, (int)(strSize - index));
        if (end < 0) throw new ElfFormatException(Path, "unterminated string");
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at, 8));
}

/// <summary>One symbol-version requirement (a <c>Vernaux</c> entry) of an ELF shared object.</summary>
/// <param name="File">The library that must provide the version, e.g. "libstdc++.so.6".</param>
/// <param name="Version">The version name, e.g. "GLIBCXX_3.4.32".</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; bit <see cref="ElfFile.VerFlagWeak"/> marks it weak.</param>
/// <param name="FlagsOffset">File offset of the two-byte <c>vna_flags</c> field, for patching.</param>
public sealed record ElfVersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    /// <summary>True when the loader tolerates the version's absence.</summary>
    public bool IsWeak => (Flags & ElfFile.VerFlagWeak) != 0;
}

/// <summary>The file is not an ELF object this reader understands (64-bit little-endian with section headers).</summary>
public sealed class ElfFormatException(string path, string reason)
    : Exception($"{path}: not a readable ELF shared object ({reason}).")
{
    /// <summary>The file that failed to parse.</summary>
    public string Path { get; } = path;
}
