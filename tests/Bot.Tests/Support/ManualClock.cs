namespace Bot.Tests.Support;

/// <summary>
/// A clock the test moves by hand (the testing package with FakeTimeProvider cannot be restored here). Its timers
/// follow it too: a deadline set on this clock passes when the test advances past it, never on the wall clock, so
/// a test of a time limit does not depend on how busy the machine is.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    readonly Lock _lock = new();
    readonly List<ManualTimer> _timers = [];
    DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
            target = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }
                _now = due.DueAt!.Value;
                due.Reschedule(_now);
            }
            due.Fire();
        }
    }

    sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                if (DueAt is not null)
                    clock._timers.Add(this);
            }
            return true;
        }

        /// <summary>Called under the clock's lock as the timer fires: a periodic timer is due again, a one-shot is done.</summary>
        public void Reschedule(DateTimeOffset now)
        {
            clock._timers.Remove(this);
            if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero)
            {
                DueAt = null;
                return;
            }
            DueAt = now + _period;
            clock._timers.Add(this);
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                DueAt = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
