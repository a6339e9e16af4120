using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// Turns a dataset into training batches. Clips are grouped into pools by the modality set they carry (from the
/// manifest, without opening files); each pool is walked in a fresh seeded permutation per epoch. RGB becomes
/// <c>[3, T, H, W]</c> in [-1, 1]; a modality goes through its descriptor's codec with the clip's context and the
/// sampled modality prompt. Encoded clips may be cached in memory (they do not depend on the step unless the
/// modality's prompt sampler makes the target follow the prompt, and then the prompt is part of the key).
/// </summary>
public sealed class TrainingData : ITrainingData
{
    private readonly ClipDataset dataset;
    private readonly Dictionary<string, ModalityDescriptor> modalities;
    private readonly ClipOrder order;
    private readonly Dictionary<string, Tensor> cache = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ClipMetadata> metadata = [];
    private readonly long cacheBudget;
    private long cacheBytes;

    /// <summary>Opens the data for training at the clip size of <paramref name="frames"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="enabled">The enabled modalities.</param>
    /// <param name="frames">Frames per clip the model trains on.</param>
    /// <param name="height">Frame height the model trains on.</param>
    /// <param name="width">Frame width the model trains on.</param>
    /// <param name="seed">Seed of the data order.</param>
    /// <param name="cacheBytes">Memory for encoded clips; 0 disables the cache.</param>
    /// <exception cref="TrainingException">The dataset is empty or its clips are not of the model's size.</exception>
    public TrainingData(ClipDataset dataset, IEnumerable<ModalityDescriptor> enabled, int frames, int height, int width, long seed, long cacheBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(enabled);
        this.dataset = dataset;
        modalities = enabled.ToDictionary(d => d.Name, StringComparer.Ordinal);
        Seed = seed;
        cacheBudget = cacheBytes;
        if (dataset.Count == 0) throw new TrainingException($"Dataset '{dataset.Directory}' holds no clips.");
        order = new ClipOrder(dataset.Directory, dataset.Count, seed, set =>
        {
            var keys = set.Select(m => Descriptor(m).StorageKey).ToList();
            return i => keys.All(k => dataset.Entries[i].Modalities.Contains(k, StringComparer.Ordinal));
        });
        var odd = dataset.Entries.FirstOrDefault(e => e.Frames != frames || e.Height != height || e.Width != width);
        if (odd is not null)
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{dataset.Directory}' has clips of {odd.Frames} frames of {odd.Width}x{odd.Height} (e.g. {odd.File}), but the model trains on {frames} frames of {width}x{height}; create the data at that size or choose a preset of the data's size."));
    }

    /// <summary>Seed of the data order.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public string Directory => dataset.Directory;

    /// <summary>The data order's position; set it to continue a run.</summary>
    public DataPosition Position { get => order.Position; set => order.Position = value; }

    /// <summary>Number of clips.</summary>
    public int Count => dataset.Count;

    /// <summary>Dataset indices of the clips carrying every modality of <paramref name="set"/>.</summary>
    public IReadOnlyList<int> ClipsWith(IReadOnlyList<string> set) => order.ClipsWith(set);

    /// <summary>
    /// The largest prefix of <paramref name="set"/> (in its order) that some clip carries completely; empty when
    /// no clip carries even the first. Lets a step whose modality set no clip has fall back to fewer modalities.
    /// </summary>
    public IReadOnlyList<string> CarriedPrefix(IReadOnlyList<string> set) => order.CarriedPrefix(set);

    /// <summary>
    /// The next <paramref name="count"/> clips carrying <paramref name="set"/>, encoded on the CPU. Prompts and
    /// the order within the batch come from <paramref name="random"/>. Call inside a dispose scope.
    /// </summary>
    /// <exception cref="DatasetFormatException">A clip file is unreadable (its name is in the message).</exception>
    /// <exception cref="TrainingException">A modality has no codec, or its codec failed on a clip (named).</exception>
    public TrainingBatch Next(IReadOnlyList<string> set, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(random);
        var clips = order.Draw(set, count);
        var rgb = new List<Tensor>();
        var captions = new List<string>();
        var encoded = set.Select(_ => new List<Tensor>()).ToList();
        var prompts = set.Select(_ => new List<string>()).ToList();
        foreach (var i in clips)
        {
            var entry = dataset.Entries[i];
            ClipSample? sample = null;
            try
            {
                rgb.Add(Cached($"{i}|rgb", () => RgbCodec.Encode(Load(i, ref sample).Rgb)));
                captions.Add(entry.Caption);
                for (var m = 0; m < set.Count; m++)
                {
                    var d = Descriptor(set[m]);
                    var context = new ClipContext { Frames = entry.Frames, Height = entry.Height, Width = entry.Width };
                    string prompt;
                    string? targetPrompt = null;
                    if (d.PromptSampler is { } sampler)
                    {
                        // The target follows the prompt ("segment the persons"), so the sampler needs the clip's facts.
                        if (!metadata.TryGetValue(i, out var meta)) metadata[i] = meta = Load(i, ref sample).Metadata;
                        context = context with { Classes = meta.Classes ?? [], Intrinsics = meta.Intrinsics };
                        prompt = sampler.Choose(context, random);
                        targetPrompt = prompt;
                    }
                    else
                    {
                        prompt = d.Prompts[random.Next(d.Prompts.Count)];
                    }
                    prompts[m].Add(prompt);
                    encoded[m].Add(Cached($"{i}|{d.Name}|{targetPrompt}", () => EncodeModality(d, Load(i, ref sample), context with { ModalityPrompt = targetPrompt })));
                }
            }
            finally
            {
                sample?.Dispose();
            }
        }
        var batchRgb = stack(rgb.ToArray(), 0);                                                     // [B, 3, T, H, W]
        var streams = set.Select((name, m) => (name, stack(encoded[m].ToArray(), 0), (IReadOnlyList<string>)prompts[m])).ToList(); // [B, C, T, H, W]
        return new TrainingBatch(batchRgb, streams, captions, clips);
    }

    private ClipSample Load(int i, ref ClipSample? sample) => sample ??= dataset.Read(i);

    private Tensor EncodeModality(ModalityDescriptor d, ClipSample sample, ClipContext context)
    {
        var codec = d.Codec ?? throw NoCodec(d.Name);
        var stored = sample.Get(d.StorageKey)
            ?? throw new DatasetFormatException(sample.Path, $"lacks tensor '{d.StorageKey}' of modality '{d.Name}'");
        Tensor x;
        try
        {
            x = codec.Encode(stored, context);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or ExternalException)
        {
            throw new TrainingException($"{sample.Path}: modality '{d.Name}' could not be encoded ({e.Message})", e);
        }
        long[] expected = [d.Channels, context.Frames, context.Height, context.Width];
        if (!x.shape.SequenceEqual(expected))
            throw new TrainingException($"{sample.Path}: the '{d.Name}' codec returned [{string.Join(", ", x.shape)}], expected [C, T, H, W] = [{string.Join(", ", expected)}].");
        return x.to(float32);
    }

    /// <summary>The error for a modality that cannot be trained because its descriptor has no codec.</summary>
    public static TrainingException NoCodec(string modality) =>
        new($"Modality '{modality}' has no codec (its plugin does not provide one), so it cannot be trained; leave it out of the enabled modalities or use a plugin version with a codec.");

    private Tensor Cached(string key, Func<Tensor> make)
    {
        if (cache.TryGetValue(key, out var hit)) return hit;
        var value = make();
        var bytes = value.NumberOfElements * value.ElementSize;
        if (cacheBytes + bytes > cacheBudget) return value;
        value.DetachFromDisposeScope();
        cache[key] = value;
        cacheBytes += bytes;
        return value;
    }

    private ModalityDescriptor Descriptor(string name) =>
        modalities.TryGetValue(name, out var d) ? d : throw new TrainingException($"Modality '{name}' is not enabled (enabled: {string.Join(", ", modalities.Keys)}).");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in cache.Values) t.Dispose();
        cache.Clear();
        cacheBytes = 0;
    }
}
