namespace UnityVideo.Core.Data;

/// <summary>
/// A dataset folder opened for reading: the manifest is parsed and every file it names is checked to exist
/// at open time, so a broken dataset fails before training starts.
/// </summary>
public sealed class ClipDataset
{
    private ClipDataset(string directory, IReadOnlyList<ManifestEntry> entries, IReadOnlySet<string>? keep)
    {
        Directory = directory;
        Entries = entries;
        Keep = keep;
    }

    /// <summary>The tensors <see cref="Read"/> loads besides the RGB; null = all of them.</summary>
    public IReadOnlySet<string>? Keep { get; }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>Manifest entries, in manifest order.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>Number of clips.</summary>
    public int Count => Entries.Count;

    /// <summary>
    /// Opens <paramref name="directory"/> (which holds <c>manifest.jsonl</c>). With <paramref name="keep"/>, reading a
    /// clip loads the RGB and only those tensors (a reader that needs two modalities does not load the others).
    /// </summary>
    /// <exception cref="DatasetFormatException">No manifest, a malformed line, or a named file that is missing.</exception>
    public static ClipDataset Open(string directory, IEnumerable<string>? keep = null)
    {
        var dir = Path.GetFullPath(directory);
        var manifest = Path.Combine(dir, DatasetManifest.FileName);
        var entries = DatasetManifest.Read(manifest);
        foreach (var e in entries)
        {
            var file = Path.Combine(dir, e.File);
            if (!File.Exists(file)) throw new DatasetFormatException(file, $"listed in {manifest} but missing");
        }
        return new ClipDataset(dir, entries, keep?.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Full path of clip <paramref name="i"/>.</summary>
    public string PathOf(int i) => Path.Combine(Directory, Entries[i].File);

    /// <summary>Reads clip <paramref name="i"/>, checking it against its manifest line.</summary>
    /// <exception cref="DatasetFormatException">The file is malformed or disagrees with the manifest.</exception>
    public ClipSample Read(int i)
    {
        var entry = Entries[i];
        var sample = ClipFile.Read(PathOf(i), Keep);
        var problem =
            sample.Frames != entry.Frames || sample.Height != entry.Height || sample.Width != entry.Width
                ? $"holds [{sample.Frames}, {sample.Height}, {sample.Width}] frames but the manifest says [{entry.Frames}, {entry.Height}, {entry.Width}]"
            : entry.Modalities.FirstOrDefault(m => m != ClipTensorNames.Rgb && (Keep is null || Keep.Contains(m)) && !sample.Modalities.ContainsKey(m)) is { } missing
                ? $"lacks modality '{missing}' that the manifest lists"
            : null;
        if (problem is null) return sample;
        sample.Dispose();
        throw new DatasetFormatException(PathOf(i), problem);
    }
}
