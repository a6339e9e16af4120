using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.Backbones;

/// <summary>The golden files written by tools/wan_goldens/vae_goldens.py from the official reference VAE.</summary>
internal static class WanVaeFixtures
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "fixtures", "wan", "vae");

    public static string Weights => Path.Combine(Folder, "weights.safetensors");

    /// <summary>Reads the tensor <paramref name="name"/> of a golden file (<c>encode</c> or <c>decode</c>).</summary>
    public static torch.Tensor Read(string file, string name)
    {
        using var reader = SafetensorsReader.Open(Path.Combine(Folder, file + ".safetensors"));
        return reader.ReadTensor(name);
    }

    public static double MaxAbsDiff(torch.Tensor a, torch.Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        return (a - b).abs().max().item<float>();
    }

    public static WanVae LoadGoldenVae() => WanVaeWeights.Load(Weights);
}
