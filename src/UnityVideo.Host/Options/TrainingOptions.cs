namespace UnityVideo.Host.Options;

/// <summary>Optimisation, task routing and curriculum. Section <c>Training</c>.</summary>
public sealed class TrainingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Training";

    /// <summary>Total optimiser steps of the run.</summary>
    public int Steps { get; set; } = 1000;

    /// <summary>Clips per step.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Micro-batches accumulated per optimiser step.</summary>
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Peak AdamW learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>Linear warm-up steps before the cosine decay.</summary>
    public int WarmupSteps { get; set; } = 50;

    /// <summary>Global gradient-norm clip; 0 disables clipping.</summary>
    public double GradClip { get; set; } = 1.0;

    /// <summary>Decay of the exponential moving average of weights; 0 disables EMA.</summary>
    public double EmaDecay { get; set; } = 0.999;

    /// <summary>Probability of replacing the content prompt by the null prompt (enables guidance).</summary>
    public double PromptDropout { get; set; } = 0.1;

    /// <summary>Seed for data order, task choice, noise and timesteps.</summary>
    public int Seed { get; set; }

    /// <summary>Write a checkpoint every N steps (and always at the end).</summary>
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>How many recent checkpoints to keep.</summary>
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>Task probabilities for dynamic task routing.</summary>
    public TaskProbabilities TaskProbabilities { get; set; } = new();

    /// <summary>Relative sampling weight per modality name (missing names weigh 1).</summary>
    public Dictionary<string, double> ModalityWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Modalities that ride together in one training sample (1 = one modality per step).</summary>
    public int ModalitiesPerStep { get; set; } = 1;

    /// <summary>Curriculum stages, in order.</summary>
    public List<CurriculumStage> Stages { get; set; } = [];

    /// <summary>Mean of the logit-normal timestep distribution.</summary>
    public double TimestepMean { get; set; }

    /// <summary>Standard deviation of the logit-normal timestep distribution.</summary>
    public double TimestepStd { get; set; } = 1.0;

    /// <summary>Timestep shift s (t' = s·t / (1 + (s − 1)·t)); 1 is no shift.</summary>
    public double TimestepShift { get; set; } = 1.0;

    /// <summary>Share of estimation samples trained at t = 1, pure noise (a one-step estimator must read the video).</summary>
    public double EstimationFullNoise { get; set; } = 0.5;

    /// <summary>Weights a new run starts from: a model checkpoint, a training checkpoint (its EMA weights) or a run folder (`train --init-from`); empty = fresh weights from the seed.</summary>
    public string? InitFrom { get; set; }

    /// <summary>Parameters left untrained: <c>trunk</c> (everything shared by the streams), <c>loaded</c> (what came from InitFrom, except the switcher) or parameter-name prefixes.</summary>
    public List<string> Freeze { get; set; } = [];

    /// <summary>0–1: how far sparse streams' loss (skeleton, DensePose, segmentation) weighs their few foreground pixels as much as their background.</summary>
    public double ForegroundBalance { get; set; }
}
