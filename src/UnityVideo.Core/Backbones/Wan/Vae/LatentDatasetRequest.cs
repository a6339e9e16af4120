using UnityVideo.Core.Modalities;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>What <see cref="LatentDatasetBuilder"/> encodes, with which VAE, into which folder.</summary>
public sealed record LatentDatasetRequest
{
    /// <summary>The clip dataset to encode (holds <c>manifest.jsonl</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The latent dataset folder to create.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The VAE (already loaded; its device is where encoding runs).</summary>
    public required WanVae Vae { get; init; }

    /// <summary>The VAE weight file's name, recorded in the manifest's provenance.</summary>
    public required string VaeFile { get; init; }

    /// <summary>Modalities (and their visualizers) the clips may carry.</summary>
    public required ModalityRegistry Registry { get; init; }

    /// <summary>Replace a latent dataset this project wrote.</summary>
    public bool Force { get; init; }
}

/// <summary>What <see cref="LatentDatasetBuilder"/> wrote.</summary>
/// <param name="Directory">The latent dataset folder.</param>
/// <param name="ManifestPath">Its manifest.</param>
/// <param name="Clips">Clips encoded.</param>
/// <param name="Streams">Streams encoded per clip (RGB and the modalities), over all clips.</param>
/// <param name="Device">Where the VAE ran.</param>
public sealed record LatentDatasetResult(string Directory, string ManifestPath, int Clips, int Streams, Device Device);
