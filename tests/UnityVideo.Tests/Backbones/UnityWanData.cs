using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Tests.Training;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>A latent dataset for the Wan-backbone tests: synthetic clips through a random tiny VAE, with text embeddings beside it.</summary>
internal static class UnityWanData
{
    /// <summary>The tiny Wan VAE shape (16 latent channels, 8× spatial, 4× temporal) with seeded random weights.</summary>
    public static WanVae RandomTinyVae()
    {
        manual_seed(3);
        return new WanVae(WanVaeConfig.Tiny);
    }

    /// <summary>Three clips of 5 frames of 32² → latents [16, 2, 4, 4] per stream, plus embeddings of width <paramref name="textDim"/>.</summary>
    public static string Latents(TempDir dir, ModalityRegistry registry, WanVae vae, int textDim)
    {
        var pixels = TrainingTestKit.Dataset(dir.File("clips"), clips: 3, size: 32, frames: 5);
        var latents = LatentDatasetBuilder.Build(new LatentDatasetRequest
        {
            DataDirectory = pixels, OutputDirectory = dir.File("latents"), Vae = vae, VaeFile = "random tiny VAE", Registry = registry,
        }).Directory;
        WriteEmbeddings(latents, registry, textDim);
        return latents;
    }

    /// <summary>A trunk's weights under the official names, drawn from <paramref name="seed"/>, written to <paramref name="path"/>.</summary>
    public static string WriteTrunk(string path, WanDiTConfig trunk, int seed)
    {
        manual_seed(seed);
        using var wan = new WanDiT(trunk);
        var writer = new SafetensorsWriter();
        foreach (var (name, p) in wan.named_parameters()) writer.Add(name, p);
        writer.Save(path);
        return path;
    }

    // Deterministic stand-ins for umT5 outputs: every caption, every modality prompt and the empty prompt.
    private static void WriteEmbeddings(string latents, ModalityRegistry registry, int dim)
    {
        var prompts = DatasetManifest.Read(Path.Combine(latents, DatasetManifest.FileName)).Select(e => e.Caption)
            .Concat(registry.Modalities.SelectMany(d => d.Prompts)).Append("").Distinct().ToList();
        manual_seed(9);
        var byPrompt = prompts.Select((p, i) => (p, randn(1 + i % 5, dim))).ToDictionary(x => x.p, x => x.Item2);
        WanTextEmbeddings.Write(Path.Combine(latents, WanTextEmbeddings.FileName), byPrompt, "test: random");
    }
}
