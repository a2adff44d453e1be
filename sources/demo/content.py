"""What the simulated community writes: topics, answers, replies, names and shared links."""

TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Influence at work",
        (
            "What does influence mean to you?",
            "Who has influenced your career the most, and how?",
            "How do you build influence without a title?",
            "Can influence be measured? Should it be?",
            "How has social media changed who has influence at work?",
            "What's one thing you'll do this week to grow your influence?",
        ),
    ),
    (
        "Hiring in a tight market",
        (
            "What's the biggest hiring challenge on your team right now?",
            "How do you keep candidates engaged through a long process?",
            "Skills or experience: which matters more to you today?",
            "How are you using AI in recruiting, if at all?",
            "What makes a job ad stand out?",
            "What's one hiring habit you'd drop tomorrow?",
        ),
    ),
    (
        "Remote and hybrid culture",
        (
            "What does a great hybrid week look like for you?",
            "How do you build trust with people you rarely see?",
            "Which rituals keep a remote team together?",
            "How do leaders avoid proximity bias?",
            "What tools help and which ones just add noise?",
            "What would you tell a new remote manager?",
        ),
    ),
    (
        "Learning and growth",
        (
            "How do you make time to learn at work?",
            "What's the best feedback you've ever received?",
            "Mentors or sponsors: which helped you more?",
            "How should companies measure learning?",
            "What skill are you building this year?",
            "How do you help others grow?",
        ),
    ),
    (
        "Wellbeing and burnout",
        (
            "What are the early signs of burnout on a team?",
            "How do you protect focus time?",
            "What can managers do this week to reduce stress?",
            "Is the four-day week the answer?",
            "How do you talk about mental health at work?",
            "What recharges you after a hard week?",
        ),
    ),
    (
        "Leading through change",
        (
            "What's the hardest change you've led?",
            "How do you communicate when you don't have all the answers?",
            "How do you bring sceptics along?",
            "What role does HR play in change?",
            "How do you know a change has stuck?",
            "What's your advice for someone leading change for the first time?",
        ),
    ),
    (
        "Employer brand",
        (
            "What does your employer brand promise?",
            "Who tells your company's story best?",
            "How do reviews shape your brand?",
            "Should employees be brand ambassadors?",
            "What's one brand moment you're proud of?",
            "How do you measure employer brand?",
        ),
    ),
    (
        "The future of HR",
        (
            "What will HR look like in five years?",
            "Which HR task should be automated first?",
            "How does HR earn a seat at the table?",
            "What does people analytics get wrong?",
            "How do we keep the human in human resources?",
            "What's your one prediction for HR next year?",
        ),
    ),
)

OPENERS = (
    "For me,",
    "Honestly,",
    "I think",
    "In my experience,",
    "Great question!",
    "Simple:",
    "Hmm,",
    "To me",
    "Big one:",
    "Tough one.",
    "Love this Q.",
    "Short answer:",
    "From the recruiting side,",
    "As a manager,",
    "Bien sûr —",
)
BODIES = (
    "it's about trust earned over time",
    "listening beats talking every time",
    "consistency matters more than volume",
    "it starts with showing up for people",
    "you lead by sharing what you learn",
    "clarity is kindness",
    "small wins build momentum",
    "curiosity is the real superpower",
    "people remember how you made them feel",
    "transparency changes everything",
    "we measure what matters, not what's easy",
    "feedback has to go both ways",
    "the best managers are coaches",
    "culture is what you do, not what you say",
    "data helps, but stories persuade",
    "give credit generously",
    "ask more questions than you answer",
    "invest in relationships before you need them",
    "naïve optimism doesn't scale 😅",
    "protect your team's time",
    "hire for values, train for skills",
    "be the person you needed early in your career",
    "psychological safety comes first",
    "context beats control",
    "it's a marathon, not a sprint 🏃",
)
CLOSERS = (
    "especially on distributed teams.",
    "and it took me years to learn that.",
    "at least in recruiting.",
    "which is why I keep coming back here.",
    "even when deadlines are tight.",
    "and our last reorg proved it.",
    "ask any new hire.",
    "no framework replaces that.",
    "my first boss taught me this.",
    "and it works across cultures.",
    "in startups and big companies alike.",
    "that's the whole game.",
    "and the numbers back it up.",
    "it changed how I run one-on-ones.",
    "I learned that the hard way.",
    "still working on it myself!",
    "for candidates as much as employees.",
    "especially in a downturn.",
    "and it's rarer than it should be.",
    "in every team I've joined.",
)
"""Optional last clauses of an answer: with OPENERS and BODIES they make honest answers
varied enough that several accounts rarely post the same long text by chance."""
COPIED_ANSWERS = (
    "The future of work is human-first and our platform makes that real",
    "Authentic leadership starts with listening and that is what we champion",
    "Culture eats strategy for breakfast and every great team knows it",
    "Great managers build trust one conversation at a time every single day",
)
"""Answers a crew of accounts posts word for word (the copied_answers behaviour)."""
REPLIES = (
    "Love this!",
    "So true 👏",
    "100% agree",
    "Couldn't agree more",
    "This resonates.",
    "Well said!",
    "Yes! And it compounds.",
    "Curious how you measure that?",
    "Same here 🙌",
    "Thanks for sharing!",
    "Bien dit ! 👌",
    "Great point.",
    "Stealing this 😄",
    "Exactly what I was thinking",
    "Ooh, tell me more",
)
THANKS = (
    "Thanks!",
    "Appreciate it 🙏",
    "Glad it landed!",
    "Right?!",
    "Let's connect!",
    "Great to see you here",
    "Cheers!",
)
QUOTE_COMMENTS = (
    "This 👇",
    "Worth a read.",
    "Such a good answer tonight.",
    "Bookmarking this.",
    "Key insight:",
    "Read this twice.",
    "Say it louder 📣",
)
SHOUTOUT_LEADS = ("Thanks", "Great convo with", "Learned so much from", "Shout-out to")
TEASERS = (
    "Join us Wednesday at 7pm for",
    "Don't miss this week's",
    "Coming up Wednesday:",
    "Save the date for",
)
AFTERTHOUGHTS = (
    "Still thinking about last night's",
    "Recap of this week's",
    "My takeaways from",
    "Can't stop thinking about a point from",
    "Favourite answer from",
)
OTHER_TEXTS = (
    "Monday motivation for everyone in HR",
    "New post on building better teams",
    "Who else is hiring this quarter?",
    "Reading list for the weekend",
    "Great panel today on people analytics",
    "Coffee and a long to-do list ☕",
)
HYPE = (
    "is the best voice in HR!!!",
    "changed how I think about work!!",
    "follow now, pure gold!!!",
    "is a must-follow!!",
    "best insights of the night!!!",
)
DUP_LEAD = "Great insights tonight on"
DUP_TAIL = "so much to learn from this community"
DUP_ENDINGS = ("!", "!!", "!!!", ".", " 🙌", " 🚀", " 💯")

# (handle part, display part): display names exercise non-ASCII text downstream.
FIRST_NAMES = (
    ("ana", "Ana"),
    ("jose", "José"),
    ("zoe", "Zoë"),
    ("soren", "Søren"),
    ("ayse", "Ayşe"),
    ("lukasz", "Łukasz"),
    ("renee", "Renée"),
    ("bjorn", "Björn"),
    ("chloe", "Chloé"),
    ("francois", "François"),
    ("ines", "Inês"),
    ("mei", "Mei"),
    ("kofi", "Kofi"),
    ("priya", "Priya"),
    ("omar", "Omar"),
    ("hana", "Hana"),
    ("lena", "Lena"),
    ("marcus", "Marcus"),
    ("nina", "Nina"),
    ("raj", "Raj"),
    ("sara", "Sara"),
    ("tom", "Tom"),
    ("yara", "Yara"),
    ("dev", "Dev"),
    ("emma", "Emma"),
    ("liam", "Liam"),
    ("olivia", "Olivia"),
    ("noah", "Noah"),
    ("aisha", "Aisha"),
    ("carlos", "Carlos"),
    ("david", "David"),
    ("grace", "Grace"),
    ("ivan", "Ivan"),
    ("jess", "Jess"),
    ("kate", "Kate"),
    ("maria", "Maria"),
    ("paul", "Paul"),
    ("sam", "Sam"),
    ("wei", "Wei"),
    ("fatima", "Fatima"),
)
LAST_NAMES = (
    ("smith", "Smith"),
    ("nunez", "Núñez"),
    ("muller", "Müller"),
    ("garcia", "García"),
    ("obrien", "O'Brien"),
    ("okafor", "Okafor"),
    ("nguyen", "Nguyen"),
    ("kumar", "Kumar"),
    ("rossi", "Rossi"),
    ("silva", "Silva"),
    ("cohen", "Cohen"),
    ("lee", "Lee"),
    ("brown", "Brown"),
    ("patel", "Patel"),
    ("jensen", "Jensen"),
    ("kowalski", "Kowalski"),
    ("dubois", "Dubois"),
    ("tanaka", "Tanaka"),
    ("schmidt", "Schmidt"),
    ("haddad", "Haddad"),
    ("lopez", "López"),
    ("wright", "Wright"),
    ("chen", "Chen"),
    ("berg", "Berg"),
)
ROLES = ("HR", "Talent", "Recruits", "People", "Careers", "Coach", "Culture", "TA", "Leads")
NAME_SUFFIXES = ("", "", "", "", " | HR", " 🌱", " (she/her)", ", SPHR", " – People Ops")
HTML_NAME = "Ana <b>HR</b> & Co"

# Recurring articles, each shared under spellings that normalise to the same URL.
ARTICLES = (
    "https://talentculture.com/blog/what-influence-means",
    "https://talentculture.com/blog/hybrid-work-rituals",
    "https://www.shrm.org/topics-tools/news/future-of-hr",
    "https://hbr.org/2024/03/the-case-for-coaching",
    "https://example.org/research/report?id=42",
    "https://blog.monster.com/hiring-trends",
)


def url_variants(url: str) -> tuple[str, ...]:
    """The spellings people share of one article: www., trailing slash, utm_ tags, case."""
    scheme, rest = url.split("://", 1)
    host, _, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    bare = host.removeprefix("www.")
    utm = "utm_source=twitter&utm_medium=social"
    joined = f"{query}&{utm}" if query else utm
    return (
        url,
        f"{scheme}://www.{bare}/{path}" + (f"?{query}" if query else "/"),
        f"{scheme}://{host}/{path}?{joined}",
        f"{scheme}://{bare.title()}/{path}/" + (f"?{query}" if query else "") + "#top",
        f"{scheme}://www.{bare}/{path}?utm_campaign=tchat" + (f"&{query}" if query else ""),
    )
