using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// The modality-adaptive switcher: one learnable D-wide embedding per stream kind ("rgb" and every registered
/// modality), added to the timestep embedding before the AdaLN-Zero modulation. Parameters are registered
/// under the modality name (<c>switcher.depth</c>), so checkpoints map by name and a model built with more
/// modalities accepts an older checkpoint (the new slots are left at zero by the loader).
/// </summary>
public sealed class ModalitySwitcher : nn.Module<IReadOnlyList<string>, Tensor>
{
    private readonly List<string> names;

    /// <summary>Creates one slot per name (in order), initialised to zero; the model's weight init fills them.</summary>
    public ModalitySwitcher(string name, IEnumerable<string> modalityNames, int dim) : base(name)
    {
        names = modalityNames.ToList();
        foreach (var m in names)
            register_parameter(m, new Parameter(zeros(dim)));
    }

    /// <summary>Slot names in order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>True when <paramref name="modality"/> has a slot.</summary>
    public bool Contains(string modality) => names.Contains(modality, StringComparer.Ordinal);

    /// <summary>The embedding of one modality <c>[D]</c> (the live parameter).</summary>
    public Parameter Slot(string modality) =>
        Contains(modality) ? get_parameter(modality) ?? throw new InvalidOperationException($"Switcher slot {modality} is not registered.")
            : throw new KeyNotFoundException($"The model has no switcher slot for '{modality}'. Slots: {string.Join(", ", names)}.");

    /// <summary>Embeddings of the given stream kinds, stacked <c>[S, D]</c>.</summary>
    public override Tensor forward(IReadOnlyList<string> modalities) =>
        stack(modalities.Select(m => (Tensor)Slot(m)).ToArray(), 0); // [S, D]
}
