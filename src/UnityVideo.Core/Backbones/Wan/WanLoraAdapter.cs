using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// LoRA attached to a <see cref="WanDiT"/>: every targeted block linear gets a <see cref="WanLoraLayer"/> whose update
/// a forward hook adds to the linear's output, so the model's own weight names and files stay as they are. While
/// attached, every base parameter is frozen (<c>requires_grad</c> false) and only the adapters' A and B train.
/// <see cref="Merge"/> folds W += (alpha/rank)·B·A into the base weights for inference and removes the adapter;
/// <see cref="Detach"/> removes it without merging. <see cref="WanLoraFile"/> saves and loads the A/B tensors alone.
/// </summary>
public sealed class WanLoraAdapter : IDisposable
{
    // One live adapter per model: two would both add their update through stacked hooks without anyone noticing.
    private static readonly ConditionalWeakTable<WanDiT, WanLoraAdapter> Live = new();

    private readonly List<Entry> entries;
    private readonly List<(Parameter Param, bool RequiresGrad)> frozen;
    private bool attached = true;

    private sealed record Entry(string Name, Linear Base, WanLoraLayer Lora, Action RemoveHook);

    private WanLoraAdapter(WanDiT model, WanLoraConfig config, IReadOnlyList<(string Name, Linear Layer)> targets)
    {
        Model = model;
        Config = config;
        frozen = model.parameters().Select(p => (p, p.requires_grad)).ToList();
        foreach (var (p, _) in frozen) p.requires_grad = false;
        entries = [];
        foreach (var (name, layer) in targets)
        {
            var w = layer.weight!;
            var lora = new WanLoraLayer(name, w.shape[1], w.shape[0], config, w.device);
            var hook = layer.register_forward_hook((m, input, output) =>
                output + lora.Delta(input, m.training).to_type(output.dtype));
            entries.Add(new Entry(name, layer, lora, hook.remove));
        }
    }

    /// <summary>The model the adapter is attached to.</summary>
    public WanDiT Model { get; }

    /// <summary>Rank, alpha, targets and dropout.</summary>
    public WanLoraConfig Config { get; }

    /// <summary>Whether the adapter still acts on the model (false after <see cref="Merge"/> or <see cref="Detach"/>).</summary>
    public bool IsAttached => attached;

    /// <summary>The adapted linears' module names (<c>blocks.0.self_attn.q</c>, ...), in model order.</summary>
    public IReadOnlyList<string> ModuleNames => entries.Select(e => e.Name).ToList();

    /// <summary>The update of the linear named <paramref name="moduleName"/>.</summary>
    /// <exception cref="KeyNotFoundException">That linear is not adapted.</exception>
    public WanLoraLayer this[string moduleName] =>
        entries.FirstOrDefault(e => e.Name == moduleName)?.Lora
        ?? throw new KeyNotFoundException($"'{moduleName}' is not adapted by this LoRA (targets: {string.Join(", ", Config.EffectiveTargets)})");

    /// <summary>Trainable parameters (every A and B): what the optimizer gets.</summary>
    public IEnumerable<Parameter> parameters() => NamedParameters().Select(p => p.Param);

    /// <summary>Every A and B with its PEFT name, <c>&lt;module&gt;.lora_A.weight</c> and <c>&lt;module&gt;.lora_B.weight</c>.</summary>
    public IEnumerable<(string Name, Parameter Param)> NamedParameters()
    {
        foreach (var e in entries)
        {
            yield return ($"{e.Name}.lora_A.weight", e.Lora.A);
            yield return ($"{e.Name}.lora_B.weight", e.Lora.B);
        }
    }

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => entries.Sum(e => e.Lora.A.numel() + e.Lora.B.numel());

    /// <summary>
    /// Attaches LoRA as <paramref name="config"/> describes to <paramref name="model"/> (freezing its weights); the
    /// adapters live on the device of the linears they adapt.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid configuration, or a target pattern that selects nothing.</exception>
    /// <exception cref="InvalidOperationException">The model already carries an attached adapter.</exception>
    public static WanLoraAdapter Attach(WanDiT model, WanLoraConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return Attach(model, config, WanLoraTargets.Select(model, config.EffectiveTargets));
    }

    internal static WanLoraAdapter Attach(WanDiT model, WanLoraConfig config, IReadOnlyList<(string Name, Linear Layer)> targets)
    {
        if (Live.TryGetValue(model, out var live) && live.IsAttached)
            throw new InvalidOperationException("this Wan DiT already carries a LoRA adapter; merge or detach it before attaching another");
        var adapter = new WanLoraAdapter(model, config, targets);
        Live.AddOrUpdate(model, adapter);
        return adapter;
    }

    /// <summary>Whether <paramref name="model"/> carries an attached adapter that applies dropout when training.</summary>
    internal static bool HasActiveDropout(WanDiT model) =>
        Live.TryGetValue(model, out var live) && live.IsAttached && live.Config.Dropout > 0;

    /// <summary>
    /// Number of values LoRA with <paramref name="config"/> would train on <paramref name="model"/>: rank·(in + out)
    /// per targeted linear, read from the shapes (so a model built on the meta device will do).
    /// </summary>
    public static long CountParameters(WanDiT model, WanLoraConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return WanLoraTargets.Select(model, config.EffectiveTargets)
            .Sum(t => config.Rank * (t.Layer.weight!.shape[0] + t.Layer.weight!.shape[1]));
    }

    /// <summary>
    /// Folds every update into its base weight (W += (alpha/rank)·B·A, in the weight's dtype) and removes the adapter;
    /// the model then computes what the adapted model computed, with no extra cost per step.
    /// </summary>
    public void Merge()
    {
        EnsureAttached();
        using (no_grad())
        {
            foreach (var e in entries)
            {
                var w = e.Base.weight!;
                using var update = e.Lora.DenseUpdate();
                using var cast = update.to(w.dtype, w.device);
                w.add_(cast);
            }
        }
        Detach();
    }

    /// <summary>Removes the hooks without merging and gives the base parameters back their former <c>requires_grad</c>.</summary>
    public void Detach()
    {
        if (!attached) return;
        foreach (var e in entries) e.RemoveHook();
        foreach (var (p, requiresGrad) in frozen) p.requires_grad = requiresGrad;
        attached = false;
    }

    /// <summary>Detaches (without merging) and frees the adapters.</summary>
    public void Dispose()
    {
        Detach();
        foreach (var e in entries) e.Lora.Dispose();
    }

    private void EnsureAttached()
    {
        if (!attached) throw new InvalidOperationException("this LoRA adapter was already merged or detached");
    }
}
