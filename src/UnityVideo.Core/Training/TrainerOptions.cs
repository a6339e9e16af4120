using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Training;

/// <summary>
/// Everything that decides how a run trains: the one type the <c>Training</c> configuration section binds to
/// (member names are its keys).
/// Steps, checkpoint cadence and retention change when and how long, not what is learned per step, so they
/// stay out of <see cref="ConfigurationHash"/>-relevant content (see <see cref="HashedView"/>).
/// </summary>
public sealed class TrainerOptions
{
    /// <summary>Total optimiser steps of the run (a resumed run continues up to this step).</summary>
    public int Steps { get; set; } = 1000;

    /// <summary>Clips per micro-batch.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Micro-batches whose gradients are summed (averaged) per optimiser step.</summary>
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Peak AdamW learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Decoupled weight decay, applied to matrices (rank ≥ 2) only; biases, norms and switcher slots are not decayed.</summary>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>AdamW β₁.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW β₂.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>Linear warm-up steps before the cosine decay.</summary>
    public int WarmupSteps { get; set; } = 50;

    /// <summary>Global gradient-norm clip; 0 disables clipping.</summary>
    public double GradClip { get; set; } = 1.0;

    /// <summary>Decay of the EMA of weights; 0 disables EMA.</summary>
    public double EmaDecay { get; set; } = 0.999;

    /// <summary>Probability of replacing the content prompt by the null context.</summary>
    public double PromptDropout { get; set; } = 0.1;

    /// <summary>Seed of everything random: initial weights, data order, task and modality choice, prompts, noise, t.</summary>
    public long Seed { get; set; }

    /// <summary>Checkpoint every N steps (and always at the end).</summary>
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>How many recent checkpoints to keep.</summary>
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>Task probabilities of dynamic task routing (must sum to 1).</summary>
    public TaskProbabilities TaskProbabilities { get; set; } = new();

    /// <summary>Relative sampling weight per modality name; a modality not listed weighs 1.</summary>
    public Dictionary<string, double> ModalityWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Modalities that ride together in one sample (1 = one modality per step). With more, a step trains on a
    /// set of distinct modalities drawn by weight, e.g. joint generation of RGB + depth + flow.
    /// </summary>
    public int ModalitiesPerStep { get; set; } = 1;

    /// <summary>Curriculum stages in order; empty = the paper's two stages (pixel-aligned for 40 %, then all).</summary>
    public List<TrainingStageOptions> Stages { get; set; } = [];

    /// <summary>Timestep density and shift of the flow-matching objective.</summary>
    public double TimestepMean { get; set; }

    /// <summary>Standard deviation of the logit-normal timestep density.</summary>
    public double TimestepStd { get; set; } = 1.0;

    /// <summary>Timestep shift s.</summary>
    public double TimestepShift { get; set; } = 1.0;

    /// <summary>Share of estimation samples trained at t = 1 (see <see cref="FlowMatchingOptions.EstimationFullNoise"/>).</summary>
    public double EstimationFullNoise { get; set; }

    /// <summary>Share of conditional-generation samples trained at t = 1 (see <see cref="FlowMatchingOptions.GenerationFullNoise"/>).</summary>
    public double GenerationFullNoise { get; set; }

    /// <summary>Background/foreground balance of sparse streams' loss (see <see cref="FlowMatchingOptions.ForegroundBalance"/>).</summary>
    public double ForegroundBalance { get; set; }

    /// <summary>
    /// <see cref="ForegroundBalance"/> per modality name, for the streams whose background is empty space
    /// (segmentation, skeleton, DensePose); a modality not listed takes <see cref="ForegroundBalance"/>.
    /// </summary>
    public Dictionary<string, double> ForegroundBalanceByModality { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the loss compares, velocity or clean data (see <see cref="FlowMatchingOptions.LossSpace"/>).</summary>
    public string LossSpace { get; set; } = FlowMatchingOptions.VelocitySpace;

    /// <summary>Weight of the block-mean error in every noised stream's loss (see <see cref="FlowMatchingOptions.CoarseLossWeight"/>); 0 = off.</summary>
    public double CoarseLossWeight { get; set; }

    /// <summary>Block side in pixels for <see cref="CoarseLossWeight"/> (see <see cref="FlowMatchingOptions.CoarseLossBlock"/>).</summary>
    public int CoarseLossBlock { get; set; } = 4;

    /// <summary>Weights the run starts from (a model or training checkpoint, or a run folder; see <see cref="InitialWeights"/>); null = fresh weights from the seed. Ignored on resume.</summary>
    public string? InitFrom
    {
        get => initFrom;
        set => initFrom = string.IsNullOrWhiteSpace(value) ? null : value;   // an empty configuration value means none
    }

    private string? initFrom;

    /// <summary>Parameters left untrained (see <see cref="Freezing"/>): <c>trunk</c>, <c>loaded</c> or name prefixes; empty = train everything.</summary>
    public List<string> Freeze { get; set; } = [];

    /// <summary>The paper's curriculum: pixel-aligned modalities for the first 40 % of steps, then all.</summary>
    public static IReadOnlyList<TrainingStageOptions> DefaultStages { get; } =
    [
        new() { Name = "pixel-aligned", Fraction = 0.4, Modalities = [TrainingStageOptions.PixelAligned] },
        new() { Name = "all", Modalities = [TrainingStageOptions.All] },
    ];

    /// <summary>The stages in effect (<see cref="Stages"/>, or <see cref="DefaultStages"/> when empty).</summary>
    [JsonIgnore]
    public IReadOnlyList<TrainingStageOptions> EffectiveStages => Stages.Count > 0 ? Stages : DefaultStages;

    /// <summary>The flow-matching settings these options imply.</summary>
    public FlowMatchingOptions FlowMatching() => new()
    {
        TimestepMean = TimestepMean, TimestepStd = TimestepStd, TimestepShift = TimestepShift, PromptDropout = PromptDropout,
        EstimationFullNoise = EstimationFullNoise, GenerationFullNoise = GenerationFullNoise, ForegroundBalance = ForegroundBalance, LossSpace = LossSpace,
        CoarseLossWeight = CoarseLossWeight, CoarseLossBlock = CoarseLossBlock,
        ForegroundBalanceByModality = new(ForegroundBalanceByModality, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Every problem, one line each, each starting with the member to change (<c>Stages[1].Fraction</c>); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }
        Check(Steps > 0, $"{nameof(Steps)} must be greater than 0 (got {Steps}).");
        Check(BatchSize > 0, $"{nameof(BatchSize)} must be greater than 0 (got {BatchSize}).");
        Check(GradientAccumulation > 0, $"{nameof(GradientAccumulation)} must be at least 1 (got {GradientAccumulation}).");
        Check(LearningRate > 0, $"{nameof(LearningRate)} must be greater than 0 (got {LearningRate}).");
        Check(WeightDecay >= 0, $"{nameof(WeightDecay)} must be 0 or more (got {WeightDecay}).");
        Check(Beta1 is >= 0 and < 1, $"{nameof(Beta1)} must be in [0, 1) (got {Beta1}).");
        Check(Beta2 is >= 0 and < 1, $"{nameof(Beta2)} must be in [0, 1) (got {Beta2}).");
        Check(Epsilon > 0, $"{nameof(Epsilon)} must be greater than 0 (got {Epsilon}).");
        Check(WarmupSteps >= 0, $"{nameof(WarmupSteps)} must be 0 or more (got {WarmupSteps}).");
        Check(GradClip >= 0, $"{nameof(GradClip)} must be 0 (off) or more (got {GradClip}).");
        Check(EmaDecay is >= 0 and < 1, $"{nameof(EmaDecay)} must be in [0, 1) (got {EmaDecay}).");
        Check(CheckpointEvery > 0, $"{nameof(CheckpointEvery)} must be greater than 0 (got {CheckpointEvery}).");
        Check(KeepCheckpoints > 0, $"{nameof(KeepCheckpoints)} must be at least 1 (got {KeepCheckpoints}).");
        Check(ModalitiesPerStep > 0, $"{nameof(ModalitiesPerStep)} must be at least 1 (got {ModalitiesPerStep}).");
        var p = TaskProbabilities;
        Check(p.ConditionalGeneration >= 0 && p.Estimation >= 0 && p.JointGeneration >= 0 && Math.Abs(p.ConditionalGeneration + p.Estimation + p.JointGeneration - 1) < 1e-6,
            string.Create(CultureInfo.InvariantCulture, $"{nameof(TaskProbabilities)} must sum to 1, none negative (ConditionalGeneration + Estimation + JointGeneration = {p.ConditionalGeneration:0.###} + {p.Estimation:0.###} + {p.JointGeneration:0.###})."));
        foreach (var (name, w) in ModalityWeights)
            Check(w >= 0 && double.IsFinite(w), $"{nameof(ModalityWeights)}[{name}] must be a finite weight of 0 or more (got {w}).");
        for (var i = 0; i < Stages.Count; i++)
        {
            var s = Stages[i];
            var at = $"{nameof(Stages)}[{i}]";
            Check(s.Name.Length > 0, $"{at}.{nameof(s.Name)} must be given.");
            Check(s.Modalities.Count > 0, $"{at}.{nameof(s.Modalities)} must list modality names or '{TrainingStageOptions.PixelAligned}' / '{TrainingStageOptions.All}'.");
            Check(s.Steps is null or > 0, $"{at}.{nameof(s.Steps)} must be greater than 0 (got {s.Steps}).");
            Check(s.Fraction is null or (>= 0 and <= 1), $"{at}.{nameof(s.Fraction)} must be in [0, 1] (0 skips the stage; got {s.Fraction}).");
            Check(!(s.Steps.HasValue && s.Fraction.HasValue), $"{at}.{nameof(s.Steps)}: give Steps or Fraction, not both.");
            Check(i == Stages.Count - 1 || s.Steps.HasValue || s.Fraction.HasValue, $"{at}.{nameof(s.Steps)}: every stage but the last needs Steps or Fraction.");
        }
        var fractions = Stages.Sum(s => s.Fraction ?? 0);
        Check(fractions <= 1 + 1e-9, string.Create(CultureInfo.InvariantCulture, $"{nameof(Stages)}: stage fractions add up to {fractions:0.###}, more than 1."));
        errors.AddRange(FlowMatching().Validate()); // the objective's settings keep their names and ranges in one place
        for (var i = 0; i < Freeze.Count; i++)
            Check(!string.IsNullOrWhiteSpace(Freeze[i]), $"{nameof(Freeze)}[{i}] must be '{Freezing.Trunk}', '{Freezing.Loaded}' or a parameter name prefix.");
        Check(!Freeze.Contains(Freezing.Loaded) || InitFrom is not null,
            $"{nameof(Freeze)} '{Freezing.Loaded}' freezes the initial weights, so it needs {nameof(InitFrom)}.");
        return errors;
    }

    /// <summary>
    /// The options that change what a step computes (everything but <see cref="Steps"/>,
    /// <see cref="CheckpointEvery"/> and <see cref="KeepCheckpoints"/>), for the configuration hash: a run may
    /// be extended or checkpointed differently on resume without being refused.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject HashedView()
    {
        var view = JsonSerializer.SerializeToNode(new
        {
            BatchSize, GradientAccumulation, LearningRate, WeightDecay, Beta1, Beta2, Epsilon, WarmupSteps, GradClip, EmaDecay,
            PromptDropout, Seed, TaskProbabilities = new[] { TaskProbabilities.ConditionalGeneration, TaskProbabilities.Estimation, TaskProbabilities.JointGeneration },
            ModalityWeights = ModalityWeights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new object[] { kv.Key, kv.Value }).ToList(),
            ModalitiesPerStep, Stages = EffectiveStages, TimestepMean, TimestepStd, TimestepShift, EstimationFullNoise,
            ForegroundBalance, Freeze,
        })!.AsObject();
        // Added later: hashed only when it differs from what every run before it computed, so those runs still resume.
        if (LossSpace != FlowMatchingOptions.VelocitySpace) view[nameof(LossSpace)] = LossSpace;
        if (GenerationFullNoise != 0) view[nameof(GenerationFullNoise)] = GenerationFullNoise;
        if (CoarseLossWeight != 0)
        {
            view[nameof(CoarseLossWeight)] = CoarseLossWeight;
            view[nameof(CoarseLossBlock)] = CoarseLossBlock;
        }
        if (ForegroundBalanceByModality.Count > 0)
            view[nameof(ForegroundBalanceByModality)] = JsonSerializer.SerializeToNode(ForegroundBalanceByModality
                .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => new object[] { kv.Key.ToLowerInvariant(), kv.Value }).ToList());
        return view;
    }
}
