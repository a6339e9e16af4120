using System.Globalization;
using System.Text.Json;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Checkpoints;

/// <summary>
/// What a checkpoint must pass before anything is allocated for it: metadata that parses (the error names the key),
/// tensor shapes that agree with the configuration it claims (so a header saying <c>HiddenSize</c> 65536 over a
/// small model is an error, not an out-of-memory kill while building the model), and finite weights.
/// </summary>
public static class CheckpointChecks
{
    /// <summary>The model configuration stored under <see cref="CheckpointFormat.ConfigKey"/>.</summary>
    /// <exception cref="SafetensorsFormatException">The value is not a model configuration; the message names the key.</exception>
    public static DiTConfig Config(string path, string json)
    {
        try
        {
            return DiTConfig.FromJson(json);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or InvalidOperationException)
        {
            throw new SafetensorsFormatException(path, $"metadata '{CheckpointFormat.ConfigKey}' is not a valid model configuration ({e.Message})");
        }
    }

    /// <summary>The stream channels stored under <see cref="CheckpointFormat.StreamsKey"/>.</summary>
    /// <exception cref="SafetensorsFormatException">The value is not a map of stream names to channel counts; the message names the key.</exception>
    public static Dictionary<string, int> Streams(string path, string json)
    {
        Dictionary<string, int>? streams;
        try
        {
            streams = JsonSerializer.Deserialize<Dictionary<string, int>>(json);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, $"metadata '{CheckpointFormat.StreamsKey}' is not a map of stream names to channel counts ({e.Message})");
        }
        if (streams is null || streams.Count == 0 || streams.Values.Any(c => c < 1))
            throw new SafetensorsFormatException(path, $"metadata '{CheckpointFormat.StreamsKey}' names no streams, or a stream with fewer than 1 channel");
        return streams;
    }

    /// <summary>
    /// Compares the header's shapes with the sizes <paramref name="config"/> implies — the switcher slots
    /// (<c>[HiddenSize]</c>), the empty-prompt context (<c>[1, TextDim]</c>) and the number of blocks (<c>Depth</c>) —
    /// reading no tensor data.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">A shape disagrees; the message names the tensor and the setting.</exception>
    public static void Shapes(SafetensorsReader reader, DiTConfig config, IEnumerable<string> streams)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(streams);
        foreach (var stream in streams)
            if (reader.Tensors.TryGetValue($"switcher.{stream}", out var slot) && !slot.Shape.SequenceEqual([config.HiddenSize]))
                throw Disagrees(reader, slot, $"[{config.HiddenSize}] (HiddenSize {config.HiddenSize})");
        if (reader.Tensors.TryGetValue("null_context", out var nullContext) && !nullContext.Shape.SequenceEqual([1, config.TextDim]))
            throw Disagrees(reader, nullContext, $"[1, {config.TextDim}] (TextDim {config.TextDim})");
        var blocks = reader.Tensors.Keys
            .Select(k => k.StartsWith("blocks.", StringComparison.Ordinal) ? k["blocks.".Length..].Split('.')[0] : null)
            .Select(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 0)
            .DefaultIfEmpty(0).Max();
        if (blocks != config.Depth)
            throw new SafetensorsFormatException(reader.Path, $"the configuration says Depth {config.Depth}, but the file holds {blocks} blocks");
    }

    /// <summary>Throws when <paramref name="tensor"/> (read from <paramref name="path"/> as <paramref name="name"/>) holds NaN or infinity.</summary>
    /// <exception cref="SafetensorsFormatException">Non-finite values; the message names the tensor.</exception>
    public static void Finite(string path, string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.is_floating_point()) return;
        using var finite = tensor.isfinite().all();
        if (!finite.item<bool>())
            throw new SafetensorsFormatException(path, $"tensor '{name}' holds NaN or infinite values; these weights cannot be used (was training diverging when they were saved?)");
    }

    private static SafetensorsFormatException Disagrees(SafetensorsReader reader, SafetensorsTensorInfo tensor, string expected) =>
        new(reader.Path, $"tensor '{tensor.Name}' has shape {tensor.ShapeText}, but the configuration in its metadata implies {expected}");
}
