namespace UnityVideo.Core.Native;

/// <summary>The file is not an ELF object this reader understands (64-bit little-endian with section headers).</summary>
public sealed class ElfFormatException(string path, string reason)
    : Exception($"{path}: not a readable ELF shared object ({reason}).")
{
    /// <summary>The file that failed to parse.</summary>
    public string Path { get; } = path;
}
