using UnityVideo.Core.Model;

namespace UnityVideo.Cli.Commands;

/// <summary>JSON form of <c>model summary</c>.</summary>
internal sealed record ModelSummaryView(
    string Preset, IReadOnlyList<string> Streams, IReadOnlyList<ModelComponentView> Components, long Total, long Trainable, DiTConfig Config);

/// <summary>JSON form of <c>model summary</c> for a Wan model.</summary>
internal sealed record WanModelSummaryView(
    string Backbone, string Size, IReadOnlyList<string> Streams, IReadOnlyList<ModelComponentView> Components, long Total, long Trainable, Core.Backbones.Wan.WanUnityConfig Config);

/// <summary>One component row of <see cref="ModelSummaryView"/>.</summary>
internal sealed record ModelComponentView(string Component, long Parameters);
