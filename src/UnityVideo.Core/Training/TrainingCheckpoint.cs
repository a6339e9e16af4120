using System.Globalization;
using System.Text.Json;
using TorchSharp;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// A resumable training checkpoint as one safetensors file: the model's tensors under their state-dict names
/// (so <see cref="ModelCheckpoint.Load"/> and Python's <c>load_file</c> read the model directly), the EMA weights
/// under <see cref="CheckpointFormat.EmaPrefix"/>, the AdamW moments under <c>optim.exp_avg.</c> / <c>optim.exp_avg_sq.</c>, and in
/// <c>__metadata__</c> the model configuration, the step, seed, data position, resolved training configuration
/// and its hash. A model whose frozen trunk comes from a weight file (<see cref="BaseWeights"/>, LoRA on Wan) is stored
/// without it. Written atomically (temp file, flush, rename).
/// </summary>
public static class TrainingCheckpoint
{
    private const string StepKey = "step";
    private const string SeedKey = "seed";
    private const string PositionKey = "data_position";
    private const string TrainingConfigKey = "training_config";
    private const string HashKey = "config_hash";
    private const string StageKey = "stage";
    private const string OptimizerStepsKey = "optimizer_steps";

    /// <summary>Writes a checkpoint to <paramref name="path"/> atomically, with <paramref name="extraMetadata"/> beside the state.</summary>
    public static void Save(string path, IStreamModel model, EmaWeights? ema, AdamW optimizer, TrainingState state, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        var writer = new SafetensorsWriter();
        foreach (var (name, t) in ModelCheckpoint.StoredTensors(model)) writer.Add(name, t);
        if (model.BaseWeights is { } baseWeights) writer.Metadata[BaseWeights.MetadataKey] = baseWeights.ToJson();
        if (ema is not null)
            foreach (var (name, t) in ema.State()) writer.Add(CheckpointFormat.EmaPrefix + name, t);
        foreach (var (name, t) in optimizer.State().Concat(optimizer.StepCounts())) writer.Add(CheckpointFormat.OptimizerPrefix + name, t);
        var inv = CultureInfo.InvariantCulture;
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata) writer.Metadata[k] = v;
        writer.Metadata[CheckpointFormat.FormatKey] = CheckpointFormat.Training;
        writer.Metadata[CheckpointFormat.ConfigKey] = model.ConfigJson;
        writer.Metadata[CheckpointFormat.BackboneKey] = model.Backbone;
        writer.Metadata[CheckpointFormat.StreamsKey] = JsonSerializer.Serialize(model.StreamNames.ToDictionary(n => n, model.Channels));
        writer.Metadata[StepKey] = state.Step.ToString(inv);
        writer.Metadata[OptimizerStepsKey] = optimizer.StepCount.ToString(inv);
        writer.Metadata[SeedKey] = state.Seed.ToString(inv);
        writer.Metadata[PositionKey] = state.DataPosition.ToJson();
        writer.Metadata[TrainingConfigKey] = state.ConfigJson;
        writer.Metadata[HashKey] = state.ConfigHash;
        writer.Metadata[StageKey] = state.Stage;
        writer.Save(path);
    }

    /// <summary>Reads the state recorded in a checkpoint's header (no tensors are read).</summary>
    /// <exception cref="SafetensorsFormatException">The file is not a readable training checkpoint.</exception>
    public static TrainingState ReadState(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        return State(reader);
    }

    /// <summary>
    /// Restores model, EMA and optimiser from <paramref name="path"/> into the given (already built) objects,
    /// checking that every tensor is present with the right shape.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">Missing or mis-shaped tensors, or a malformed header.</exception>
    public static TrainingState Load(string path, IStreamModel model, EmaWeights? ema, AdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var reader = SafetensorsReader.Open(path);
        var state = State(reader);
        using var noGrad = no_grad();
        void Restore(string name, Tensor target)
        {
            using var scope = NewDisposeScope();
            var info = reader.Get(name);
            if (!info.Shape.SequenceEqual(target.shape))
                throw new SafetensorsFormatException(path, $"tensor '{name}' has shape {info.ShapeText}, the model needs [{string.Join(", ", target.shape)}]");
            var stored = reader.ReadTensor(name);
            CheckpointChecks.Finite(path, name, stored);
            target.copy_(stored.to(target.dtype).to(target.device));
        }
        // A run that left its frozen trunk out reads it from the trunk's file, checked to be the same file.
        var baseWeights = BaseWeights.Read(reader);
        if (baseWeights is not null) model.LoadBaseWeights(path, baseWeights);
        foreach (var (name, t) in ModelCheckpoint.ModelTensors(model))
            if (baseWeights?.Covers(name) != true) Restore(name, t);
        if (ema is not null)
        {
            if (!reader.Tensors.Keys.Any(k => k.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal)))
                throw new SafetensorsFormatException(path, "holds no EMA weights but the run uses EMA (EmaDecay > 0)");
            foreach (var (name, t) in ema.State()) Restore(CheckpointFormat.EmaPrefix + name, t);
        }
        foreach (var (name, t) in optimizer.State()) Restore(CheckpointFormat.OptimizerPrefix + name, t);
        optimizer.StepCount = reader.Metadata.TryGetValue(OptimizerStepsKey, out var steps) ? ParseCount(reader, OptimizerStepsKey, steps) : state.Step;
        // Checkpoints written before per-parameter counts used the optimiser's count for every parameter.
        foreach (var (name, t) in optimizer.StepCounts())
            if (reader.Tensors.ContainsKey(CheckpointFormat.OptimizerPrefix + name)) Restore(CheckpointFormat.OptimizerPrefix + name, t);
            else t.fill_(optimizer.StepCount);
        return state;
    }


    private static TrainingState State(SafetensorsReader reader)
    {
        string Get(string key) => reader.Metadata.TryGetValue(key, out var v) ? v
            : throw new SafetensorsFormatException(reader.Path, $"is not a UnityVideo training checkpoint (no '{key}' in its metadata)");
        if (Get(CheckpointFormat.FormatKey) != CheckpointFormat.Training) throw new SafetensorsFormatException(reader.Path, $"has format '{reader.Metadata[CheckpointFormat.FormatKey]}', expected '{CheckpointFormat.Training}'");
        DataPosition position;
        try
        {
            position = DataPosition.FromJson(Get(PositionKey));
        }
        catch (FormatException e)
        {
            throw new SafetensorsFormatException(reader.Path, $"metadata '{PositionKey}' is malformed ({e.Message})");
        }
        return new TrainingState
        {
            Step = (int)ParseCount(reader, StepKey, Get(StepKey)),
            Seed = long.TryParse(Get(SeedKey), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed) ? seed
                : throw new SafetensorsFormatException(reader.Path, $"metadata '{SeedKey}' is not a whole number (got '{Shorten(Get(SeedKey))}')"),
            DataPosition = position,
            ConfigJson = Get(TrainingConfigKey),
            ConfigHash = Get(HashKey),
            Stage = reader.Metadata.GetValueOrDefault(StageKey, ""),
        };
    }

    // A step or update count: a whole number from 0 up; anything else names its key.
    private static long ParseCount(SafetensorsReader reader, string key, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue ? n
            : throw new SafetensorsFormatException(reader.Path, $"metadata '{key}' is not a step count (got '{Shorten(value)}')");

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
