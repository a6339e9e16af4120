namespace UnityVideo.Core.Native;

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
