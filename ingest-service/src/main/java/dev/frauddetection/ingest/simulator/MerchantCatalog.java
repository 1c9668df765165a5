package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.simulator.Geography.City;
import net.datafaker.Faker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The merchants of the simulated world: card-present shops in every city and online shops anyone can pay at, each
 * with a merchant category (MCC) and the amount a typical customer spends there. Names come from datafaker, seeded,
 * so the catalogue is the same on every run with the same seed.
 */
final class MerchantCatalog {

    record Category(String mcc, String label, double typicalEuros, String channel) {
    }

    record Merchant(String id, String name, Category category, City city) {
    }

    static final List<Category> SHOP_CATEGORIES = List.of(
            new Category("5411", "grocery", 45, "CARD_PRESENT"),
            new Category("5541", "fuel", 60, "CARD_PRESENT"),
            new Category("5812", "restaurant", 38, "CARD_PRESENT"),
            new Category("5814", "fast-food", 12, "CARD_PRESENT"),
            new Category("5912", "pharmacy", 22, "CARD_PRESENT"),
            new Category("5651", "clothing", 80, "CARD_PRESENT"),
            new Category("5944", "jewelry", 600, "CARD_PRESENT"),
            new Category("6011", "cash", 120, "ATM"));

    static final Category ELECTRONICS = new Category("5732", "electronics", 250, "ONLINE");
    static final Category DIGITAL_GOODS = new Category("5815", "digital-goods", 10, "ONLINE");
    static final Category TRAVEL = new Category("4722", "travel", 450, "ONLINE");
    static final Category MONEY_TRANSFER = new Category("4829", "money-transfer", 300, "WIRE_TRANSFER");
    static final List<Category> ONLINE_CATEGORIES = List.of(ELECTRONICS, DIGITAL_GOODS, TRAVEL, MONEY_TRANSFER);

    private final Map<String, List<Merchant>> shopsByCity = new java.util.HashMap<>();
    private final List<Merchant> online = new ArrayList<>();

    MerchantCatalog(long seed, int merchantsPerCity) {
        Random random = new Random(seed);
        Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
        List<City> cities = new ArrayList<>(Geography.HOME);
        cities.addAll(Geography.DISTANT);
        for (City city : cities) {
            List<Merchant> shops = new ArrayList<>(merchantsPerCity);
            for (int i = 0; i < merchantsPerCity; i++) {
                Category category = SHOP_CATEGORIES.get(random.nextInt(SHOP_CATEGORIES.size()));
                shops.add(new Merchant("m-" + city.name() + "-" + i, faker.company().name(), category, city));
            }
            shopsByCity.put(city.name(), List.copyOf(shops));
        }
        for (Category category : ONLINE_CATEGORIES) {
            for (int i = 0; i < 5; i++) {
                City registered = Geography.HOME.get(random.nextInt(Geography.HOME.size()));
                online.add(new Merchant("m-online-" + category.label() + "-" + i, faker.company().name() + " Online",
                        category, registered));
            }
        }
    }

    List<Merchant> shopsIn(City city) {
        return shopsByCity.get(city.name());
    }

    List<Merchant> online(Category category) {
        return online.stream().filter(m -> m.category().equals(category)).toList();
    }

    Merchant anyShop(Random random) {
        List<City> cities = Geography.HOME;
        List<Merchant> shops = shopsIn(cities.get(random.nextInt(cities.size())));
        return shops.get(random.nextInt(shops.size()));
    }
}
