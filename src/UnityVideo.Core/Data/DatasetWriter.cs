using System.Collections.Concurrent;

namespace UnityVideo.Core.Data;

/// <summary>
/// Writes a dataset folder: clip files (each atomically, from any number of threads) and, at
/// <see cref="Complete"/>, <c>manifest.jsonl</c> ordered by clip index, so the manifest is the same whatever
/// order the clips finished in.
/// </summary>
public sealed class DatasetWriter
{
    private readonly ConcurrentDictionary<int, ManifestEntry> entries = new();

    /// <summary>Creates (if needed) and writes into <paramref name="directory"/>.</summary>
    public DatasetWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>Clips written so far.</summary>
    public int Count => entries.Count;

    /// <summary>The file name of clip <paramref name="index"/>.</summary>
    public static string FileNameFor(int index) => $"clip_{index:D6}.safetensors";

    /// <summary>Writes clip <paramref name="index"/>; thread-safe. Returns its manifest entry.</summary>
    /// <exception cref="InvalidOperationException">That index was already written.</exception>
    public ManifestEntry Write(int index, ClipArrays clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var entry = new ManifestEntry
        {
            File = FileNameFor(index),
            Caption = clip.Metadata.Caption,
            Frames = clip.Frames,
            Height = clip.Height,
            Width = clip.Width,
            Fps = clip.Metadata.Fps,
            Modalities = clip.Modalities,
            Source = clip.Metadata.Source,
            Split = clip.Metadata.Split,
            Index = index,
        };
        if (!entries.TryAdd(index, entry)) throw new InvalidOperationException($"Clip {index} was already written to {Directory}.");
        ClipFile.Write(Path.Combine(Directory, entry.File), clip);
        return entry;
    }

    /// <summary>Writes <c>manifest.jsonl</c> atomically, entries sorted by index; returns its path.</summary>
    public string Complete()
    {
        var path = Path.Combine(Directory, DatasetManifest.FileName);
        DatasetManifest.Write(path, entries.Values.OrderBy(e => e.Index));
        return path;
    }
}
