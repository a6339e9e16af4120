using TorchSharp;

namespace UnityVideo.Core.Data;

/// <summary>
/// A clip read from disk: CPU tensors in their storage dtypes (rgb U8, depth/flow F16, …) keyed by modality
/// name, plus metadata. Owns its tensors; dispose it (or move them into a dispose scope) when done.
/// </summary>
public sealed class ClipSample : IDisposable
{
    /// <summary>Creates a sample; takes ownership of the tensors.</summary>
    public ClipSample(string path, torch.Tensor rgb, IReadOnlyDictionary<string, torch.Tensor> modalities, ClipMetadata metadata)
    {
        Path = path;
        Rgb = rgb;
        Modalities = modalities;
        Metadata = metadata;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>RGB <c>[T, H, W, 3]</c> uint8.</summary>
    public torch.Tensor Rgb { get; }

    /// <summary>Every tensor besides rgb, by name ("depth", "flow", "instances", "iuv", "joints", or an extra one).</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Modalities { get; }

    /// <summary>Caption, fps, classes, intrinsics, provenance.</summary>
    public ClipMetadata Metadata { get; }

    /// <summary>Frames T.</summary>
    public int Frames => (int)Rgb.shape[0];

    /// <summary>Height H.</summary>
    public int Height => (int)Rgb.shape[1];

    /// <summary>Width W.</summary>
    public int Width => (int)Rgb.shape[2];

    /// <summary>The named modality, or null when the clip does not carry it.</summary>
    public torch.Tensor? Get(string name) => Modalities.GetValueOrDefault(name);

    /// <inheritdoc />
    public void Dispose()
    {
        Rgb.Dispose();
        foreach (var t in Modalities.Values) t.Dispose();
    }
}
