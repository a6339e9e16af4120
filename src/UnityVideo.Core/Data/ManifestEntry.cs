using System.Text.Json.Serialization;

namespace UnityVideo.Core.Data;

/// <summary>One line of <c>manifest.jsonl</c>: a clip file and what it holds, readable without opening it.</summary>
public sealed record ManifestEntry
{
    /// <summary>Clip file name, relative to the dataset folder.</summary>
    [JsonPropertyName("file")]
    public required string File { get; init; }

    /// <summary>Caption.</summary>
    [JsonPropertyName("caption")]
    public required string Caption { get; init; }

    /// <summary>Frames T.</summary>
    [JsonPropertyName("frames")]
    public required int Frames { get; init; }

    /// <summary>Height H.</summary>
    [JsonPropertyName("height")]
    public required int Height { get; init; }

    /// <summary>Width W.</summary>
    [JsonPropertyName("width")]
    public required int Width { get; init; }

    /// <summary>Frames per second.</summary>
    [JsonPropertyName("fps")]
    public required double Fps { get; init; }

    /// <summary>Tensor names present ("rgb", "depth", …).</summary>
    [JsonPropertyName("modalities")]
    public required IReadOnlyList<string> Modalities { get; init; }

    /// <summary>Provenance, e.g. "synthetic".</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>Split, when known.</summary>
    [JsonPropertyName("split")]
    public string? Split { get; init; }

    /// <summary>Clip index within the dataset (sets manifest order).</summary>
    [JsonPropertyName("index")]
    public int Index { get; init; }
}
