using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Model;

namespace UnityVideo.Core.Training;

/// <summary>
/// Which parameters a run leaves as they are (<see cref="TrainerOptions.Freeze"/>), for cheap adaptation of a
/// pretrained model: <c>trunk</c> freezes every tensor shared by the streams (blocks, embeddings, final layers) and
/// trains only the per-stream patch embeddings, heads and switcher slots; <c>loaded</c> freezes every tensor taken
/// from the initial weights except the switcher slots, so a new modality's slots and the switcher learn while the
/// pretrained model stays fixed; any other entry is a state-dict name prefix (e.g. <c>blocks.0.</c>).
/// </summary>
public static class Freezing
{
    /// <summary>The shared tensors of the trunk.</summary>
    public const string Trunk = "trunk";

    /// <summary>Every tensor taken from the initial weights, except switcher slots.</summary>
    public const string Loaded = "loaded";

    /// <summary>
    /// Turns off gradients of the parameters <paramref name="entries"/> select and returns how many parameter
    /// tensors are frozen; <paramref name="loaded"/> are the names taken from the initial weights.
    /// </summary>
    /// <exception cref="TrainingException">An entry selects nothing, or every parameter would be frozen.</exception>
    public static int Apply(UnityDiT model, IReadOnlyList<string> entries, IReadOnlySet<string> loaded)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(loaded);
        if (entries.Count == 0) return 0;
        var parameters = model.named_parameters().ToList();
        bool OfAStream(string name) => model.StreamNames.Any(s => ModelCheckpoint.IsKeyOfStream(name, s));
        bool Selects(string entry, string name) => entry switch
        {
            Trunk => !OfAStream(name),
            Loaded => loaded.Contains(name) && !name.StartsWith("switcher.", StringComparison.Ordinal),
            _ => name.StartsWith(entry, StringComparison.Ordinal),
        };
        foreach (var entry in entries)
            if (!parameters.Any(p => Selects(entry, p.name)))
                throw new TrainingException(entry == Loaded
                    ? "Training:Freeze 'loaded' selects nothing: the run has no initial weights (Training:InitFrom)."
                    : $"Training:Freeze entry '{entry}' selects no parameter (use '{Trunk}', '{Loaded}' or a parameter name prefix such as 'blocks.0.').");
        var frozen = parameters.Where(p => entries.Any(e => Selects(e, p.name))).ToList();
        if (frozen.Count == parameters.Count)
            throw new TrainingException($"Training:Freeze ({string.Join(", ", entries)}) freezes every parameter: nothing would train.");
        foreach (var (_, parameter) in frozen) parameter.requires_grad = false;
        return frozen.Count;
    }
}
