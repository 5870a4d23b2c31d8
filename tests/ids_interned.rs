//! Text ids are interned: equal texts make one stored string, so ids compare by address.
//! These properties hold the address comparison to the comparison of the texts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use leadflow::{QueueId, Source, TeamId, UserId};
use proptest::prelude::*;

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Texts from a small alphabet, so that equal pairs are common, and arbitrary ones.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[ab]{0,3}", "[a-c\u{e9}\u{1F600}]{0,4}", any::<String>()]
}

proptest! {
    #[test]
    fn ids_compare_as_their_texts(a in text(), b in text()) {
        let (x, y) = (UserId::new(&a), UserId::new(b.clone()));
        prop_assert_eq!(x == y, a == b);
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        prop_assert_eq!(x.partial_cmp(&y), a.partial_cmp(&b));
        prop_assert_eq!(x.as_str(), a.as_str());
        prop_assert_eq!(y.as_str(), b.as_str());
        if x == y {
            prop_assert_eq!(hash_of(&x), hash_of(&y));
        }
        prop_assert_eq!(x.to_string(), a);
    }

    #[test]
    fn equal_texts_are_one_stored_string(a in text()) {
        let made_from_str = TeamId::new(&a);
        let made_from_string = TeamId::from(a.clone());
        let cloned = made_from_str.clone();
        prop_assert_eq!(&made_from_str, &made_from_string);
        prop_assert!(std::ptr::eq(made_from_str.as_str(), made_from_string.as_str()));
        prop_assert!(std::ptr::eq(made_from_str.as_str(), cloned.as_str()));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn ids_read_from_json_are_the_ids_made_from_their_text(a in text()) {
        let json = serde_json::to_string(&a).unwrap();
        let read: leadflow::CampaignId = serde_json::from_str(&json).unwrap();
        let from_bytes: leadflow::CampaignId = serde_json::from_slice(json.as_bytes()).unwrap();
        prop_assert_eq!(&read, &leadflow::CampaignId::new(&a));
        prop_assert_eq!(&from_bytes, &read);
        prop_assert_eq!(serde_json::to_string(&read).unwrap(), json);
    }
}

#[test]
fn ids_made_on_several_threads_are_equal() {
    let texts: Vec<String> = (0..200).map(|i| format!("rep-{}", i % 50)).collect();
    let made: Vec<Vec<QueueId>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| texts.iter().map(QueueId::new).collect::<Vec<_>>()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for ids in &made {
        for (id, text) in ids.iter().zip(&texts) {
            assert_eq!(id.as_str(), text);
            assert_eq!(id, &QueueId::new(text));
            assert!(std::ptr::eq(id.as_str(), made[0][0].as_str()) == (text == &texts[0]));
        }
    }
}

#[test]
fn different_texts_stay_apart_and_order_by_text() {
    let mut sources: Vec<Source> = ["webinar", "", "paid-search", "Webinar", "webinar "]
        .into_iter()
        .map(Source::new)
        .collect();
    sources.sort();
    let texts: Vec<&str> = sources.iter().map(Source::as_str).collect();
    assert_eq!(texts, ["", "Webinar", "paid-search", "webinar", "webinar "]);
    assert_ne!(Source::new("webinar"), Source::new("webinar "));
}

#[test]
fn more_distinct_ids_than_a_thread_caches_stay_themselves() {
    // Far more texts than a thread's cache of recent ids has slots, so texts share slots.
    let texts: Vec<String> = (0..5_000).map(|i| format!("campaign-{i}")).collect();
    let first: Vec<UserId> = texts.iter().map(UserId::new).collect();
    for (id, text) in first.iter().zip(&texts).rev() {
        let again = UserId::new(text);
        assert_eq!(again.as_str(), text);
        assert!(std::ptr::eq(again.as_str(), id.as_str()));
    }
    for (a, b) in first.iter().zip(first.iter().skip(1)) {
        assert_ne!(a, b);
    }
}

#[test]
fn ids_made_while_a_thread_exits_are_the_same_ids() {
    /// Makes an id in its `drop`, which runs while its thread's locals are destroyed.
    struct MakesAnIdOnDrop(std::sync::mpsc::Sender<UserId>);
    impl Drop for MakesAnIdOnDrop {
        fn drop(&mut self) {
            let sent = self.0.send(UserId::new("made-at-thread-exit"));
            assert!(sent.is_ok());
        }
    }
    thread_local! {
        static GUARD: std::cell::RefCell<Option<MakesAnIdOnDrop>> =
            const { std::cell::RefCell::new(None) };
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _warm = UserId::new("made-at-thread-exit");
        GUARD.with(|guard| *guard.borrow_mut() = Some(MakesAnIdOnDrop(sender)));
    })
    .join()
    .unwrap();
    let made_at_exit = receiver.recv().unwrap();
    assert_eq!(made_at_exit, UserId::new("made-at-thread-exit"));
    assert!(std::ptr::eq(
        made_at_exit.as_str(),
        UserId::new("made-at-thread-exit").as_str()
    ));
}
