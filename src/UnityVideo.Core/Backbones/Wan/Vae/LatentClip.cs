using System.Globalization;
using System.Text.Json;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// One clip of a latent dataset: the normalised Wan VAE latents <c>[z, t, h, w]</c> float32 of its RGB (<c>rgb</c>)
/// and of each modality's colour-coded video (the modality's name), with the facts needed to decode it back:
/// the source clip's frame count (decoding trims the 1 + 4k padding), size, rate and caption, and the VAE's shape.
/// Stored as one safetensors file: the tensors plus these facts in <c>__metadata__</c>.
/// </summary>
public sealed class LatentClip : IDisposable
{
    /// <summary>Marks a latent clip file (<c>format</c> in the metadata).</summary>
    public const string Format = "unityvideo.wan-latents";

    /// <summary>Creates a clip from latents keyed by stream name (<c>rgb</c> first by convention).</summary>
    public LatentClip(IReadOnlyDictionary<string, Tensor> latents, string caption, int frames, int height, int width, double fps, string source, WanVaeConfig vae)
    {
        Latents = latents;
        Caption = caption;
        Frames = frames;
        Height = height;
        Width = width;
        Fps = fps;
        Source = source;
        Vae = vae;
    }

    /// <summary>Latents <c>[z, t, h, w]</c> by stream: <c>rgb</c> and modality names.</summary>
    public IReadOnlyDictionary<string, Tensor> Latents { get; }

    /// <summary>The clip's caption.</summary>
    public string Caption { get; }

    /// <summary>Frames of the source clip (the latents cover the padded 1 + 4k).</summary>
    public int Frames { get; }

    /// <summary>Source frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Source frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frames per second of the source clip.</summary>
    public double Fps { get; }

    /// <summary>The source clip's file name.</summary>
    public string Source { get; }

    /// <summary>Shape of the VAE that made the latents (a different VAE cannot decode them).</summary>
    public WanVaeConfig Vae { get; }

    /// <summary>Writes the clip atomically.</summary>
    public void Save(string path)
    {
        var writer = new SafetensorsWriter();
        foreach (var (name, latent) in Latents) writer.Add(name, latent);
        writer.Metadata["format"] = Format;
        writer.Metadata["caption"] = Caption;
        writer.Metadata["frames"] = Frames.ToString(CultureInfo.InvariantCulture);
        writer.Metadata["height"] = Height.ToString(CultureInfo.InvariantCulture);
        writer.Metadata["width"] = Width.ToString(CultureInfo.InvariantCulture);
        writer.Metadata["fps"] = Fps.ToString("R", CultureInfo.InvariantCulture);
        writer.Metadata["source"] = Source;
        writer.Metadata["vae"] = JsonSerializer.Serialize(Vae);
        writer.Metadata["latent"] = "normalised mean: (mu - mean_c) / std_c, the Wan2.1 pipeline's scaling";
        writer.Save(path);
    }

    /// <summary>Reads a latent clip file.</summary>
    /// <exception cref="DatasetFormatException">The file is not a latent clip or lacks a fact.</exception>
    public static LatentClip Load(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        var meta = reader.Metadata;
        if (meta.GetValueOrDefault("format") != Format)
            throw new DatasetFormatException(path, $"not a latent clip (metadata 'format' is not '{Format}'); latent datasets are written by 'data encode'");
        string Need(string key) => meta.TryGetValue(key, out var v) ? v : throw new DatasetFormatException(path, $"metadata lacks '{key}'");
        var vae = JsonSerializer.Deserialize<WanVaeConfig>(Need("vae")) ?? throw new DatasetFormatException(path, "metadata 'vae' is empty");
        var latents = reader.Tensors.Keys.ToDictionary(k => k, k => reader.ReadTensor(k), StringComparer.Ordinal);
        return new LatentClip(latents, Need("caption"), int.Parse(Need("frames"), CultureInfo.InvariantCulture),
            int.Parse(Need("height"), CultureInfo.InvariantCulture), int.Parse(Need("width"), CultureInfo.InvariantCulture),
            double.Parse(Need("fps"), CultureInfo.InvariantCulture), Need("source"), vae);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Latents.Values) t.Dispose();
    }
}
