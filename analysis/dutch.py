"""Dutch stop words for topic terms and theme labels (function words and report boilerplate)."""

_WORDS = """
aan aangezien achter af al alle alleen als alsnog altijd ander andere anders bij binnen boven
daar daardoor daarin daarmee daarna daarnaast daarom daarvan dan dat de deze die dit doch doen door
dus een eens eigen en enige er erg ge geen gehad geweest gewoon haar had hadden heb hebben hebt heeft
hem hen het hier hij hoe hun iemand iets ik in is ja je jij jou jouw juist kan kon konden kunnen
later maar me meer men met mij mijn moet moeten na naar namelijk nee niet niets nog nu of om omdat
onder ons onze ook op over per reeds rond samen sinds steeds te tegen toch toe tot tussen u uit uw
van veel verder via vooral voor vooraf waar waarbij waardoor waarin waarmee waarop wanneer want
waren was wat we wel welke werd werden wie wij wil willen word worden wordt zal ze zelf zich zij
zijn zo zoals zodat zonder zou zouden zullen zeer jaar jaren daarbij hierbij hierin hiervoor
ervoor eraan erin erop ieder iedere elke allen beide enkele vele goed goede nieuwe gaan gaat
komen komt staat staan zien zeggen geven geeft gedaan laten blijkt blijven krijgen
organisatie zorgorganisatie cliënten cliënt clienten client zorg mensen medewerkers
"""
# one editable word list (kompaspartijen may extend it) reads better than a 200-item literal
STOP_WORDS = frozenset(_WORDS.split())
