namespace UnityVideo.Host.Options;

/// <summary>Training data. Section <c>Data</c>.</summary>
public sealed class DataOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Data";

    /// <summary>Dataset folder (shards + manifest.jsonl); may be given on the command line instead.</summary>
    public string? Directory { get; set; }

    /// <summary>Memory (MiB) for clips encoded once and reused every epoch; 0 decodes every clip every time.</summary>
    public int CacheMegabytes { get; set; } = 512;
}
