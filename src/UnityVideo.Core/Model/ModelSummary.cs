using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>One row of a <see cref="ModelSummary"/>.</summary>
/// <param name="Component">Component name, e.g. "blocks".</param>
/// <param name="Parameters">Number of scalar parameters.</param>
/// <param name="StateDictPrefixes">The state-dict prefixes counted in this row.</param>
public sealed record ModelComponent(string Component, long Parameters, IReadOnlyList<string> StateDictPrefixes);

/// <summary>Parameter counts of a model per component (for the <c>model summary</c> verb): the pixel <see cref="UnityDiT"/> here, a Wan model by <see cref="Backbones.Wan.WanModelSummary"/>.</summary>
public sealed class ModelSummary
{
    private static readonly (string Component, string[] Prefixes)[] Groups =
    [
        ("patch embeds", ["patch_embeds", "aligned_fusion"]), // the fusion layer mixes the streams' patch embeddings
        ("timestep embedder", ["t_embedder"]),
        ("switcher", ["switcher"]),
        ("text encoder", ["text_encoder", "null_context"]),
        ("blocks", ["blocks"]),
        ("final layer + heads", ["final_layer", "heads", "output_convs", "pixel_decoders"]),
    ];

    private ModelSummary(IReadOnlyList<ModelComponent> components, long total, long trainable, int depth, IReadOnlyList<string> streams)
    {
        Components = components;
        Total = total;
        Trainable = trainable;
        Depth = depth;
        Streams = streams;
    }

    /// <summary>Rows in a fixed order: patch embeds, timestep embedder, switcher, text encoder, blocks, final layer + heads.</summary>
    public IReadOnlyList<ModelComponent> Components { get; }

    /// <summary>All parameters.</summary>
    public long Total { get; }

    /// <summary>Parameters with requires_grad.</summary>
    public long Trainable { get; }

    /// <summary>Number of blocks (the "blocks" row divided by this is the per-block count).</summary>
    public int Depth { get; }

    /// <summary>Stream kinds of the model ("rgb" first).</summary>
    public IReadOnlyList<string> Streams { get; }

    /// <summary>Parameter count of the named component ("blocks", "switcher", …); 0 when absent.</summary>
    public long this[string component] => Components.FirstOrDefault(c => c.Component == component)?.Parameters ?? 0;

    /// <summary>Counts the parameters of <paramref name="model"/>.</summary>
    public static ModelSummary Of(UnityDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Count(model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), Groups, model.Config.Depth, model.StreamNames);
    }

    /// <summary>
    /// Counts <paramref name="parameters"/> into <paramref name="groups"/> (a row each, in order) by the first part of
    /// each name; a parameter no group claims is an error.
    /// </summary>
    public static ModelSummary Count(IEnumerable<(string Name, Tensor Parameter)> parameters, IReadOnlyList<(string Component, string[] Prefixes)> groups,
        int depth, IReadOnlyList<string> streams)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(groups);
        var counts = new long[groups.Count];
        long total = 0, trainable = 0;
        foreach (var (name, p) in parameters)
        {
            var n = p.numel();
            total += n;
            if (p.requires_grad) trainable += n;
            var top = name.Split('.')[0];
            var g = groups.Select((x, i) => (x, i)).FirstOrDefault(x => x.x.Prefixes.Contains(top), (default, -1)).Item2;
            if (g < 0) throw new InvalidOperationException($"Parameter '{name}' belongs to no summary component.");
            counts[g] += n;
        }
        var rows = groups.Select((x, i) => new ModelComponent(x.Component, counts[i], x.Prefixes)).ToList();
        return new ModelSummary(rows, total, trainable, depth, streams);
    }

    /// <summary>A fixed-width table, one component per line, then the total.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"streams: {string.Join(", ", Streams)}");
        foreach (var c in Components)
            sb.AppendLine(inv, $"{c.Component,-22}{c.Parameters,14:N0}");
        sb.AppendLine(inv, $"{"total",-22}{Total,14:N0}");
        return sb.ToString();
    }
}
