using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// One layer per stream kind, registered under the stream's name (<c>patch_embeds.depth.weight</c>).
/// Used instead of TorchSharp's ModuleDict, whose two indexers make <c>Module.to(…)</c> fail in TorchSharp
/// 0.107 ("An item with the same key has already been added. Key: Item").
/// </summary>
public sealed class StreamLayers<TLayer> : nn.Module where TLayer : nn.Module
{
    private readonly Dictionary<string, TLayer> layers = new(StringComparer.Ordinal);

    /// <summary>Registers each (stream, layer) pair as a child module named after the stream.</summary>
    public StreamLayers(string name, IEnumerable<(string Stream, TLayer Layer)> items) : base(name)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (stream, layer) in items)
        {
            register_module(stream, layer);
            layers.Add(stream, layer);
        }
    }

    /// <summary>The layer of <paramref name="stream"/>.</summary>
    public TLayer this[string stream] =>
        layers.TryGetValue(stream, out var l) ? l : throw new KeyNotFoundException($"No layer for stream '{stream}'. Known: {string.Join(", ", layers.Keys)}.");
}
