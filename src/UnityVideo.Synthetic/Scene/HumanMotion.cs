namespace UnityVideo.Synthetic.Scene;

/// <summary>Parameterised human motions (gait cycles computed from time, not canned frames).</summary>
internal enum HumanMotion
{
    /// <summary>Walk forward along the facing direction.</summary>
    Walk,

    /// <summary>Run forward, leaning, with larger strides.</summary>
    Run,

    /// <summary>Stand and wave the right hand.</summary>
    Wave,

    /// <summary>Jump in place: crouch, take off, land.</summary>
    Jump,

    /// <summary>Step in place while turning about the vertical axis.</summary>
    Turn,
}
