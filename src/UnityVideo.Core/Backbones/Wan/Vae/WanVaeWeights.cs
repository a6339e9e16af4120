using TorchSharp;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>Key naming of a Wan2.1 VAE weight file.</summary>
public enum WanVaeKeyFormat
{
    /// <summary>The official checkpoint's names (<c>Wan2.1_VAE.pth</c>, converted to safetensors as it is).</summary>
    Original,
    /// <summary>The diffusers <c>AutoencoderKLWan</c> names (<c>vae/diffusion_pytorch_model.safetensors</c>).</summary>
    Diffusers,
}

/// <summary>
/// Loads Wan2.1 VAE weights from safetensors in either naming, inferring the VAE's shape from the tensors
/// (width, latent channels, stages, residual blocks per stage, which stages halve time). Every key is
/// checked before anything is copied: a missing, unexpected or mis-shaped key fails with its name and the file.
/// Stored half-precision weights are widened to the model's dtype.
/// </summary>
public static class WanVaeWeights
{
    /// <summary>Builds the VAE a weight file describes, loads it, moves it to <paramref name="device"/> (default CPU) and sets eval mode.</summary>
    /// <exception cref="SafetensorsFormatException">The file is not a Wan2.1 VAE, or a key is missing, unexpected or mis-shaped.</exception>
    public static WanVae Load(string path, Device? device = null)
    {
        using var reader = SafetensorsReader.Open(path);
        var vae = new WanVae(InferConfig(reader));
        LoadInto(vae, reader);
        if (device is not null) vae.to(device);
        vae.eval();
        return vae;
    }

    /// <summary>Loads a weight file into an existing VAE (whose shape must match the file's).</summary>
    public static void LoadInto(WanVae vae, string path)
    {
        using var reader = SafetensorsReader.Open(path);
        LoadInto(vae, reader);
    }

    /// <summary>Which naming a file uses.</summary>
    public static WanVaeKeyFormat DetectFormat(SafetensorsReader reader)
    {
        if (reader.Tensors.ContainsKey("encoder.conv1.weight")) return WanVaeKeyFormat.Original;
        if (reader.Tensors.ContainsKey("encoder.conv_in.weight")) return WanVaeKeyFormat.Diffusers;
        throw new SafetensorsFormatException(reader.Path,
            "not a Wan2.1 VAE: neither 'encoder.conv1.weight' (official names) nor 'encoder.conv_in.weight' (diffusers names) is present");
    }

    /// <summary>The VAE shape a weight file holds, read from its encoder's tensors.</summary>
    public static WanVaeConfig InferConfig(SafetensorsReader reader)
    {
        var diffusers = DetectFormat(reader) == WanVaeKeyFormat.Diffusers;
        var dim = (int)Shape(reader, diffusers ? "encoder.conv_in.weight" : "encoder.conv1.weight")[0];
        var zDim = (int)Shape(reader, diffusers ? "post_quant_conv.weight" : "conv2.weight")[0];
        var prefix = diffusers ? "encoder.down_blocks." : "encoder.downsamples.";
        var residualOut = diffusers ? "conv2.weight" : "residual.6.weight";

        // The encoder's flat layer list: runs of residual blocks separated by resamplers, one run per stage.
        var stageWidths = new List<long>();
        var blocksPerStage = new List<int>();
        var temporal = new List<bool>();
        var blocks = 0;
        long width = 0;
        for (var i = 0; reader.Tensors.Keys.Any(k => k.StartsWith($"{prefix}{i}.", StringComparison.Ordinal)); i++)
        {
            if (reader.Tensors.ContainsKey($"{prefix}{i}.resample.1.weight"))
            {
                stageWidths.Add(width);
                blocksPerStage.Add(blocks);
                temporal.Add(reader.Tensors.ContainsKey($"{prefix}{i}.time_conv.weight"));
                blocks = 0;
                continue;
            }
            width = Shape(reader, $"{prefix}{i}.{residualOut}")[0];
            blocks++;
        }
        stageWidths.Add(width);
        blocksPerStage.Add(blocks);
        if (blocksPerStage.Distinct().Count() != 1 || blocks == 0 || stageWidths.Any(w => w % dim != 0))
            throw new SafetensorsFormatException(reader.Path,
                $"encoder layers do not form a Wan2.1 VAE (residual blocks per stage: {string.Join(", ", blocksPerStage)}; widths: {string.Join(", ", stageWidths)})");
        var config = new WanVaeConfig(dim, zDim, stageWidths.Select(w => (int)(w / dim)).ToArray(), blocks, temporal);
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SafetensorsFormatException(reader.Path, e.Message);
        }
        return config;
    }

    private static void LoadInto(WanVae vae, SafetensorsReader reader)
    {
        var format = DetectFormat(reader);
        var rename = format == WanVaeKeyFormat.Diffusers ? WanVaeDiffusersKeys.OriginalToDiffusers(vae.Config) : null;
        var wanted = vae.named_parameters()
            .Select(p => (Name: p.name, Stored: rename?.GetValueOrDefault(p.name) ?? p.name, Target: (Tensor)p.parameter))
            .ToList();

        var missing = wanted.Where(w => !reader.Tensors.ContainsKey(w.Stored)).Select(w => w.Stored).ToList();
        var expected = wanted.Select(w => w.Stored).ToHashSet(StringComparer.Ordinal);
        var extra = reader.Tensors.Keys.Where(k => !expected.Contains(k)).ToList();
        var misShaped = wanted.Where(w => reader.Tensors.TryGetValue(w.Stored, out var info) && !info.Shape.SequenceEqual(w.Target.shape))
            .Select(w => $"'{w.Stored}' is {reader.Tensors[w.Stored].ShapeText}, the model needs [{string.Join(", ", w.Target.shape)}]")
            .ToList();
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"missing key{Plural(missing)} {List(missing)}");
        if (extra.Count > 0) problems.Add($"unexpected key{Plural(extra)} {List(extra)}");
        if (misShaped.Count > 0) problems.Add("mis-shaped: " + string.Join("; ", misShaped.Take(3)) + (misShaped.Count > 3 ? $" (+{misShaped.Count - 3} more)" : ""));
        if (problems.Count > 0)
            throw new SafetensorsFormatException(reader.Path,
                $"does not fit the Wan2.1 VAE ({format} key names): " + string.Join("; ", problems));

        using var noGrad = no_grad();
        foreach (var (_, stored, target) in wanted)
        {
            using var value = reader.ReadTensor(stored);
            target.copy_(value.to(target.dtype, target.device));
        }
    }

    private static long[] Shape(SafetensorsReader reader, string key) =>
        reader.Tensors.TryGetValue(key, out var info)
            ? info.Shape
            : throw new SafetensorsFormatException(reader.Path, $"missing key '{key}' of the Wan2.1 VAE");

    private static string Plural(List<string> keys) => keys.Count == 1 ? "" : "s";

    private static string List(List<string> keys) =>
        string.Join(", ", keys.Take(5).Select(k => $"'{k}'")) + (keys.Count > 5 ? $" (+{keys.Count - 5} more)" : "");
}
