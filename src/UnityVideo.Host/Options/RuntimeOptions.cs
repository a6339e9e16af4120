namespace UnityVideo.Host.Options;

/// <summary>Where tensors live. Section <c>Runtime</c>.</summary>
public sealed class RuntimeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Runtime";

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, or <c>auto</c> (CUDA when available).</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Torch intra-op threads; 0 keeps the library default (one per core).</summary>
    public int Threads { get; set; }
}
