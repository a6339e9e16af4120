namespace UnityVideo.Core.Inference;

/// <summary>Which files estimation and generation write (several may be combined).</summary>
[Flags]
public enum OutputFormats
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The stored tensors (<c>.safetensors</c>, readable from Python with one call).</summary>
    Safetensors = 1,

    /// <summary>Side-by-side panels as H.264 MP4 (yuv420p; plays in browsers). Needs the system's ffmpeg.</summary>
    Mp4 = 2,

    /// <summary>Side-by-side panels as an animated GIF.</summary>
    Gif = 4,

    /// <summary>
    /// One PNG per frame and modality: 16-bit greyscale values (× 1000) for single-channel float modalities such as
    /// depth, the visualizer's 8-bit RGB for the others.
    /// </summary>
    Png = 8,

    /// <summary>What the verbs write when no format is named.</summary>
    Default = Safetensors | Mp4 | Gif,
}

/// <summary>Parsing of format names (<c>mp4,gif</c>).</summary>
public static class OutputFormatNames
{
    /// <summary>The names a user may give, as the command line spells them.</summary>
    public static IReadOnlyList<string> Known { get; } = ["mp4", "gif", "png", "safetensors"];

    /// <summary>The formats named in <paramref name="values"/> (each may hold several, comma-separated).</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the known ones), or none at all.</exception>
    public static OutputFormats Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var formats = OutputFormats.None;
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            formats |= name.ToLowerInvariant() switch
            {
                "mp4" => OutputFormats.Mp4,
                "gif" => OutputFormats.Gif,
                "png" => OutputFormats.Png,
                "safetensors" => OutputFormats.Safetensors,
                _ => throw new ArgumentException($"unknown format '{name}' (known: {string.Join(", ", Known)})."),
            };
        }
        return formats == OutputFormats.None ? throw new ArgumentException($"no format was named (known: {string.Join(", ", Known)}).") : formats;
    }
}
