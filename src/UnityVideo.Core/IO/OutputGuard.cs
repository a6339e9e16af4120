using System.Text.Json;

namespace UnityVideo.Core.IO;

/// <summary>
/// The one rule every verb that writes follows before it touches anything: an existing output is replaced only
/// with force, force replaces only what this project wrote, and never the current directory, a folder holding it,
/// or one of the command's inputs. A refusal never advises force where force would be refused too.
/// </summary>
public static class OutputGuard
{
    /// <summary>True when <paramref name="path"/> is the current directory or a folder that holds it.</summary>
    public static bool IsCurrentDirectoryOrParent(string path) => IsSameOrParent(path, Environment.CurrentDirectory);

    /// <summary>True when <paramref name="folder"/> is <paramref name="path"/> itself or a folder above it.</summary>
    public static bool IsSameOrParent(string folder, string path)
    {
        var f = Trim(Path.GetFullPath(folder));
        var p = Trim(Path.GetFullPath(path));
        return p == f || p.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal) || f == Path.DirectorySeparatorChar.ToString();
    }

    /// <summary>True when <paramref name="folder"/> holds a dataset this project wrote (a <c>manifest.jsonl</c>).</summary>
    public static bool HoldsDataset(string folder) => File.Exists(Path.Combine(folder, DatasetManifestName));

    /// <summary>
    /// The first entry of a dataset folder that its <c>manifest.jsonl</c> does not list (a file a user put there),
    /// or null: replacing the folder would delete it, and force replaces only what this project wrote.
    /// </summary>
    public static string? DatasetForeignEntry(string folder)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal) { DatasetManifestName };
        foreach (var line in File.ReadLines(Path.Combine(folder, DatasetManifestName)))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("file", out var file) && file.GetString() is { } name)
                    listed.Add(name.Split('/', '\\')[0]); // a file in a subfolder lists that folder
            }
            catch (JsonException)
            {
                // An unreadable line lists nothing; what it named counts as foreign, which is the safe side.
            }
        }
        return Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).FirstOrDefault(e => !listed.Contains(e));
    }

    private const string DatasetManifestName = "manifest.jsonl";

    /// <summary>
    /// Checks that <paramref name="folder"/> (given as <paramref name="option"/>) may be written: absent or empty,
    /// or — with <paramref name="force"/> — holding a <paramref name="kind"/> that <paramref name="owned"/> recognises.
    /// </summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="force">The user asked to replace what is there.</param>
    /// <param name="option">The option that named the folder, for messages (e.g. <c>--out</c>).</param>
    /// <param name="kind">What the project writes there, for messages (e.g. "dataset").</param>
    /// <param name="owned">True for a folder that holds a <paramref name="kind"/> this project wrote.</param>
    /// <param name="inputs">Files or folders the command reads; the output may not be or hold any of them.</param>
    /// <param name="foreign">The first entry of an owned folder that this project did not write, or null (e.g. <see cref="DatasetForeignEntry"/>).</param>
    /// <exception cref="OutputExistsException">The folder holds a <paramref name="kind"/> and <paramref name="force"/> is off.</exception>
    /// <exception cref="IOException">The folder may not be written at all; the message says why and what to do.</exception>
    public static void CheckFolder(string folder, bool force, string option, string kind, Func<string, bool> owned, IEnumerable<string>? inputs = null,
        Func<string, string?>? foreign = null)
    {
        ArgumentNullException.ThrowIfNull(owned);
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new IOException($"{option} {full} is a file; name a folder.");
        foreach (var input in inputs ?? [])
            if (IsSameOrParent(full, input))
                throw new IOException($"{option} {full} is or holds the input {Path.GetFullPath(input)}; writing there would replace it. Choose another folder.");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (IsCurrentDirectoryOrParent(full))
            throw new IOException($"{option} {full} is the current directory or holds it, and is not empty; it is never replaced. Choose another folder.");
        if (!owned(full))
            throw new IOException($"{option} {full} is not empty and holds no {kind} this project wrote; choose another folder, or empty this one yourself.");
        if (MountPoints.Inside(full) is [var mount, ..])
            throw new IOException($"{option} {full} holds the mount point {mount}; what another filesystem holds is not this project's to replace. Unmount it or move it out first.");
        if (foreign?.Invoke(full) is { } stranger)
            throw new IOException($"{option} {full} holds '{stranger}', which this project did not write; replacing the {kind} would delete it. Move it out first.");
        if (!force)
            throw new OutputExistsException(full, option, kind);
    }

    /// <summary>Checks that <paramref name="file"/> may be written: absent, or present and <paramref name="force"/> given, and never an input.</summary>
    /// <exception cref="OutputExistsException">The file exists and <paramref name="force"/> is off.</exception>
    /// <exception cref="IOException">The file may not be written at all; the message names it.</exception>
    public static void CheckFile(string file, bool force, string option, IEnumerable<string>? inputs = null)
    {
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full)) throw new IOException($"{option} {full} is a folder; name a file.");
        foreach (var input in inputs ?? [])
            if (string.Equals(full, Path.GetFullPath(input), StringComparison.Ordinal))
                throw new IOException($"{option} {full} is also an input of this command; choose another file.");
        if (File.Exists(full) && !force) throw new OutputExistsException(full, option, holds: null);
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
}
