using System.Text.Json;
using TorchSharp;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Checkpoints;

/// <summary>
/// Model weights as safetensors: one tensor per state-dict entry under its PyTorch-style dotted name
/// (<c>blocks.3.attn.qkv.weight</c>, <c>switcher.depth</c>), the configuration and stream channels as JSON in
/// <c>__metadata__</c>. Written atomically (temp file, flush, rename). Readable from Python with
/// <c>safetensors.torch.load_file</c>.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>Writes the model's weights (as stored, e.g. float32) and metadata to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IStreamModel model, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in StoredTensors(model))
            writer.Add(name, tensor);
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata) writer.Metadata[k] = v;
        if (model.BaseWeights is { } baseWeights) writer.Metadata[BaseWeights.MetadataKey] = baseWeights.ToJson();
        writer.Metadata[CheckpointFormat.FormatKey] = CheckpointFormat.Model;
        writer.Metadata[CheckpointFormat.ConfigKey] = model.ConfigJson;
        writer.Metadata[CheckpointFormat.BackboneKey] = model.Backbone;
        writer.Metadata[CheckpointFormat.StreamsKey] = JsonSerializer.Serialize(model.StreamNames.ToDictionary(n => n, model.Channels));
        writer.Save(path);
    }

    /// <summary>Reads configuration, stream channels and metadata from a checkpoint's header.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        if (!reader.Metadata.TryGetValue(CheckpointFormat.ConfigKey, out var configJson) || !reader.Metadata.TryGetValue(CheckpointFormat.StreamsKey, out var streamsJson))
            throw new SafetensorsFormatException(path, $"not a UnityVideo model checkpoint (no '{CheckpointFormat.ConfigKey}'/'{CheckpointFormat.StreamsKey}' metadata)");
        RequirePixelDiT(path, reader);
        return new CheckpointInfo(CheckpointChecks.Config(path, configJson), CheckpointChecks.Streams(path, streamsJson), reader.Metadata);
    }

    /// <summary>
    /// Copies every checkpoint tensor into the model tensor of the same name (converted to its device and
    /// dtype) and reports what did not match. Switcher slots the checkpoint lacks are set to zero. Never throws
    /// for missing / unexpected / mismatched keys — inspect the report (<see cref="CheckpointLoadReport.IsCompatible"/>).
    /// Only the tensors the model has are read.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">The file is malformed, or a tensor holds NaN or infinity (the message names it).</exception>
    public static CheckpointLoadReport Load(string path, UnityDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var reader = SafetensorsReader.Open(path);
        RequirePixelDiT(path, reader);
        using var noGrad = no_grad();
        var live = ModelTensors(model).ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        List<string> loaded = [], missing = [], newSlots = [];
        List<ShapeMismatch> mismatches = [];

        foreach (var (name, target) in live)
        {
            if (!reader.Tensors.TryGetValue(name, out var info)) { missing.Add(name); continue; }
            if (!info.Shape.SequenceEqual(target.shape)) { mismatches.Add(new ShapeMismatch(name, target.shape, info.Shape)); continue; }
            using var scope = NewDisposeScope();
            var stored = reader.ReadTensor(name);
            CheckpointChecks.Finite(path, name, stored);
            target.copy_(stored.to(target.dtype).to(target.device));
            loaded.Add(name);
        }
        var unexpected = reader.Tensors.Keys.Where(k => !live.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();

        // A switcher slot the checkpoint never had starts at zero: that modality has no learned identity yet.
        foreach (var stream in model.StreamNames)
        {
            var key = $"switcher.{stream}";
            if (!missing.Contains(key)) continue;
            model.Switcher.Slot(stream).zero_();
            newSlots.Add(stream);
        }
        var newModalities = model.StreamNames.Where(s => !loaded.Any(k => IsKeyOfStream(k, s)) && live.Keys.Any(k => IsKeyOfStream(k, s))).ToList();

        return new CheckpointLoadReport
        {
            Loaded = loaded, Missing = missing, Unexpected = unexpected, ShapeMismatches = mismatches,
            NewSwitcherSlots = newSlots, NewModalities = newModalities,
        };
    }

    /// <summary>
    /// Copies every tensor of <paramref name="model"/> from the file, which must be of the model's backbone and hold each
    /// of them with its shape and nothing else besides a training checkpoint's EMA and optimiser state (any backbone; for a pixel DiT with new modalities use <see cref="Load"/>,
    /// which reports instead). A file that left out a frozen trunk (<see cref="BaseWeights"/>) has the model read it
    /// from the trunk's own file.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">Another backbone, a tensor missing, mis-shaped, not finite or unknown to the model (named), or a base weight file missing or changed.</exception>
    public static void LoadExact(string path, IStreamModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var reader = SafetensorsReader.Open(path);
        var backbone = reader.Metadata.GetValueOrDefault(CheckpointFormat.BackboneKey, BackboneNames.DiT);
        if (backbone != model.Backbone)
            throw new SafetensorsFormatException(path, $"holds a model on the '{backbone}' backbone, not '{model.Backbone}'");
        var names = ModelTensors(model).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var training = reader.Metadata.GetValueOrDefault(CheckpointFormat.FormatKey) == CheckpointFormat.Training;
        bool TrainingState(string key) => training && (key.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal) || key.StartsWith(CheckpointFormat.OptimizerPrefix, StringComparison.Ordinal));
        if (reader.Tensors.Keys.FirstOrDefault(k => !names.Contains(k) && !TrainingState(k)) is { } unknown)
            throw new SafetensorsFormatException(path, $"holds tensor '{unknown}', which this model does not have (built with other settings, e.g. LoRA or modalities?)");
        var baseWeights = BaseWeights.Read(reader);
        if (baseWeights is not null) model.LoadBaseWeights(path, baseWeights);
        using var noGrad = no_grad();
        foreach (var (name, target) in ModelTensors(model))
        {
            if (baseWeights?.Covers(name) == true) continue;
            if (!reader.Tensors.TryGetValue(name, out var info)) throw new SafetensorsFormatException(path, $"lacks tensor '{name}'");
            if (!info.Shape.SequenceEqual(target.shape))
                throw new SafetensorsFormatException(path, $"tensor '{name}' has shape {info.ShapeText}, the model needs [{string.Join(", ", target.shape)}]");
            using var scope = NewDisposeScope();
            var stored = reader.ReadTensor(name);
            CheckpointChecks.Finite(path, name, stored);
            target.copy_(stored.to(target.dtype).to(target.device));
        }
    }

    // The pixel-DiT readers would misread a Wan checkpoint's configuration; say what it is instead.
    private static void RequirePixelDiT(string path, SafetensorsReader reader)
    {
        var backbone = reader.Metadata.GetValueOrDefault(CheckpointFormat.BackboneKey, BackboneNames.DiT);
        if (backbone != BackboneNames.DiT)
            throw new SafetensorsFormatException(path, $"holds a model on the '{backbone}' backbone; this reader takes pixel-DiT models (backbone '{BackboneNames.DiT}') only — load a Wan model with WanInferenceModel (generate, estimate, eval) or ModelCheckpoint.LoadExact");
    }

    /// <summary>True when <paramref name="key"/> is one of the per-stream tensors of <paramref name="stream"/>
    /// (its patch embedding, switcher slot, head or output convolution).</summary>
    public static bool IsKeyOfStream(string key, string stream)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key == $"switcher.{stream}" ||
            key.StartsWith($"patch_embeds.{stream}.", StringComparison.Ordinal) ||
            key.StartsWith($"heads.{stream}.", StringComparison.Ordinal) ||
            key.StartsWith($"output_convs.{stream}.", StringComparison.Ordinal);
    }

    /// <summary>
    /// The tensors a checkpoint of <paramref name="model"/> holds: all of <see cref="ModelTensors"/> except those its
    /// <see cref="IStreamModel.BaseWeights"/> file provides.
    /// </summary>
    public static IEnumerable<(string Name, Tensor Tensor)> StoredTensors(IStreamModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var baseWeights = model.BaseWeights;
        return ModelTensors(model).Where(p => baseWeights?.Covers(p.Name) != true);
    }

    /// <summary>The model's parameters and buffers by state-dict name (the live tensors, not copies).</summary>
    public static IEnumerable<(string Name, Tensor Tensor)> ModelTensors(IStreamModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(model.Module.named_buffers().Select(b => (b.name, b.buffer)));
    }
}

/// <summary>What a checkpoint's header says, read without loading any tensor.</summary>
/// <param name="Config">The model configuration it was saved with.</param>
/// <param name="StreamChannels">Stream kinds ("rgb" first) and their channel counts.</param>
/// <param name="Metadata">All <c>__metadata__</c> entries (including caller extras such as the training step).</param>
public sealed record CheckpointInfo(DiTConfig Config, IReadOnlyDictionary<string, int> StreamChannels, IReadOnlyDictionary<string, string> Metadata);
