namespace UnityVideo.Core.IO;

/// <summary>
/// An output is already there and was not to be replaced. It carries what the caller needs to say how to replace it
/// (the command line names its <c>--force</c>; a hosting app its own request flag); Core's message names no flag.
/// </summary>
public sealed class OutputExistsException : IOException
{
    /// <summary>An existing output at <paramref name="path"/>.</summary>
    /// <param name="path">Full path of the existing file or folder.</param>
    /// <param name="option">The caller's name for the output (e.g. <c>--out</c>), or null.</param>
    /// <param name="holds">For a folder, what this project wrote there (e.g. "dataset"); null for a file.</param>
    public OutputExistsException(string path, string? option, string? holds)
        : base(holds is not null
            ? $"{Prefix(option)}{path} is not empty (it holds a {holds}); it is replaced only when asked to (the old content is kept until the new one is complete)."
            : $"{Prefix(option)}{path} exists; it is overwritten only when asked to, or choose another file.")
    {
        (Path, Option, Holds) = (path, option, holds);
    }

    /// <summary>Full path of the existing output.</summary>
    public string Path { get; }

    /// <summary>The caller's name for the output (e.g. <c>--out</c>), or null.</summary>
    public string? Option { get; }

    /// <summary>What the existing folder holds (e.g. "dataset"), or null for a file.</summary>
    public string? Holds { get; }

    private static string Prefix(string? option) => option is null ? "" : option + " ";
}
