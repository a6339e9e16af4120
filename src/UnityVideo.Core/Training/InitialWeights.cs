using System.Globalization;
using TorchSharp;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// The weights a new run starts from (fine-tuning): a model checkpoint (<c>model.safetensors</c>), a training
/// checkpoint (its EMA weights when it has them) or a run folder (its <c>model.safetensors</c>, else its newest
/// checkpoint). Only weights are taken — the run gets a fresh optimiser, schedule and folder. Tensors map by name:
/// a modality the checkpoint lacks keeps the fresh weights of its patch embedding and head (its switcher slot
/// zero, as when a modality is added), a modality the run does not enable is dropped, and any other difference (a
/// shared tensor of another shape or missing on one side: another preset or architecture) is an error naming the
/// tensor.
/// </summary>
public static class InitialWeights
{
    /// <summary>The checkpoint file <paramref name="path"/> names (a file, or a run folder).</summary>
    /// <exception cref="TrainingException">Nothing is there, or the folder holds no model and no checkpoint.</exception>
    public static string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return full;
        if (!Directory.Exists(full)) throw new TrainingException($"initial weights '{full}': no such file or folder.");
        var model = Path.Combine(full, Trainer.ModelFile);
        if (File.Exists(model)) return model;
        var newest = new CheckpointStore(Path.Combine(full, Trainer.CheckpointFolder)).List(); // a run folder
        if (newest.Count == 0) newest = new CheckpointStore(full).List();                          // its checkpoints folder
        if (newest.Count > 0) return newest[0].Path;
        throw new TrainingException($"initial weights '{full}': the folder holds no {Trainer.ModelFile} and no checkpoint.");
    }

    /// <summary>
    /// Copies the checkpoint's weights into <paramref name="model"/> by name (see the type's rules) and says what it
    /// did. Reads only the tensors it copies.
    /// </summary>
    /// <exception cref="TrainingException">The file is not a UnityVideo checkpoint, or its shared tensors do not fit the model.</exception>
    /// <exception cref="SafetensorsFormatException">The file is malformed, or a tensor holds NaN or infinity.</exception>
    public static InitialWeightsReport Load(string path, UnityDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = Resolve(path);
        using var reader = SafetensorsReader.Open(file);
        if (!reader.Metadata.TryGetValue(CheckpointFormat.StreamsKey, out var streamsJson) || !reader.Metadata.ContainsKey(CheckpointFormat.ConfigKey))
            throw new TrainingException($"initial weights '{file}': not a UnityVideo model or training checkpoint (no '{CheckpointFormat.ConfigKey}'/'{CheckpointFormat.StreamsKey}' metadata).");
        var theirStreams = CheckpointChecks.Streams(file, streamsJson).Keys.ToList();
        // Frames a token covers change every patch embedding and head: say which setting starts from these weights.
        var theirConfig = CheckpointChecks.Config(file, reader.Metadata[CheckpointFormat.ConfigKey]);
        var theirPatch = theirConfig.TemporalPatch;
        if (theirPatch != model.Config.TemporalPatch)
            throw new TrainingException($"initial weights '{file}' were trained with tokens of {theirPatch} frame(s) (Model:TemporalPatch={theirPatch}); this model's tokens cover {model.Config.TemporalPatch}. Set Model:TemporalPatch={theirPatch} to start from them.");
        // The frame-position code has no weights, so every tensor would fit, yet the weights were learnt with (or without) it.
        if (theirConfig.FramePositions != model.Config.FramePositions)
        {
            var setting = theirConfig.FramePositions ? "true" : "false";
            throw new TrainingException($"initial weights '{file}' were trained with Model:FramePositions={setting}; this model has {(model.Config.FramePositions ? "true" : "false")}. Set Model:FramePositions={setting} to start from them.");
        }
        var (theirs, fromEma) = ModelTensorKeys(reader);

        var ours = ModelCheckpoint.ModelTensors(model).ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        string? StreamOf(string key, IEnumerable<string> streams) => streams.FirstOrDefault(s => ModelCheckpoint.IsKeyOfStream(key, s));
        var newModalities = model.StreamNames.Where(s => !theirStreams.Contains(s)).ToList();
        var dropped = theirStreams.Where(s => !model.StreamNames.Contains(s)).ToList();

        // Every check before the first copy: the model is either fully initialised from the file or untouched
        var problems = new List<string>();
        foreach (var (name, target) in ours)
        {
            if (theirs.TryGetValue(name, out var key))
            {
                var shape = reader.Tensors[key].Shape;
                if (!shape.SequenceEqual(target.shape))
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{name}' is [{string.Join(", ", shape)}] in the checkpoint but [{string.Join(", ", target.shape)}] in this model"));
            }
            else if (StreamOf(name, newModalities) is null)
                problems.Add($"'{name}' is in this model but not in the checkpoint");
        }
        foreach (var name in theirs.Keys.Where(k => !ours.ContainsKey(k) && StreamOf(k, dropped) is null))
            problems.Add($"'{name}' is in the checkpoint but not in this model");
        if (problems.Count > 0)
            throw new TrainingException($"initial weights '{file}' do not fit this model (another preset or architecture?): " +
                string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $"; and {problems.Count - 5} more" : "") + ".");

        var loaded = new List<string>();
        using (no_grad())
        {
            foreach (var (name, target) in ours)
            {
                if (!theirs.TryGetValue(name, out var key)) continue;
                using var scope = NewDisposeScope();
                var stored = reader.ReadTensor(key);
                CheckpointChecks.Finite(file, key, stored);
                target.copy_(stored.to(target.dtype).to(target.device));
                loaded.Add(name);
            }
            foreach (var stream in newModalities) model.Switcher.Slot(stream).zero_(); // no learned identity yet
        }
        return new InitialWeightsReport(file, fromEma, loaded, newModalities, dropped);
    }

    /// <summary>The model configuration stored in the checkpoint <paramref name="path"/> names (header only).</summary>
    /// <exception cref="TrainingException">The file is not a UnityVideo checkpoint.</exception>
    public static DiTConfig ConfigOf(string path)
    {
        var file = Resolve(path);
        using var reader = SafetensorsReader.Open(file);
        return reader.Metadata.TryGetValue(CheckpointFormat.ConfigKey, out var json)
            ? CheckpointChecks.Config(file, json)
            : throw new TrainingException($"initial weights '{file}': not a UnityVideo model or training checkpoint (no '{CheckpointFormat.ConfigKey}' metadata).");
    }

    /// <summary>The model tensors of <paramref name="path"/> that <paramref name="model"/> has (header only, no weights read).</summary>
    public static IReadOnlySet<string> Names(string path, UnityDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var reader = SafetensorsReader.Open(Resolve(path));
        var (theirs, _) = ModelTensorKeys(reader);
        return model.named_parameters().Select(p => p.name).Where(theirs.ContainsKey).ToHashSet(StringComparer.Ordinal);
    }

    // State-dict name → the file's key holding it: a training checkpoint's EMA copy when it has one (buffers have
    // no EMA copy and keep the raw tensor); optimiser state is never a weight.
    private static (Dictionary<string, string> Keys, bool FromEma) ModelTensorKeys(SafetensorsReader reader)
    {
        var fromEma = reader.Metadata.GetValueOrDefault(CheckpointFormat.FormatKey) == CheckpointFormat.Training &&
            reader.Tensors.Keys.Any(k => k.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal));
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in reader.Tensors.Keys)
        {
            if (key.StartsWith(CheckpointFormat.OptimizerPrefix, StringComparison.Ordinal)) continue;
            if (key.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal))
            {
                if (fromEma) keys[key[CheckpointFormat.EmaPrefix.Length..]] = key;
            }
            else keys.TryAdd(key, key);
        }
        return (keys, fromEma);
    }
}

/// <summary>What <see cref="InitialWeights.Load"/> did.</summary>
/// <param name="Path">The checkpoint file read.</param>
/// <param name="FromEma">The weights are a training checkpoint's EMA copy.</param>
/// <param name="Loaded">Model tensors taken from the checkpoint.</param>
/// <param name="NewModalities">Streams of this model the checkpoint has never seen: fresh weights, switcher slot zero.</param>
/// <param name="DroppedModalities">Streams of the checkpoint this run does not enable: not loaded.</param>
public sealed record InitialWeightsReport(string Path, bool FromEma, IReadOnlyList<string> Loaded, IReadOnlyList<string> NewModalities, IReadOnlyList<string> DroppedModalities)
{
    /// <summary>One line for the run's log.</summary>
    public override string ToString() =>
        $"initialised {Loaded.Count} tensors from {Path}{(FromEma ? " (EMA weights)" : "")}" +
        (NewModalities.Count > 0 ? $"; new modalities (fresh weights): {string.Join(", ", NewModalities)}" : "") +
        (DroppedModalities.Count > 0 ? $"; dropped (not enabled in this run): {string.Join(", ", DroppedModalities)}" : "");
}
